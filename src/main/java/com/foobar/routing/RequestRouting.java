package com.foobar.routing;

import java.util.function.Consumer;

/**
 * Per-request routing state, bound to the request's thread by {@link CausalReadFilter}: the GTID this session
 * must see (if it wrote before), whether the replica already proved it has it, and where the last read went.
 */
final class RequestRouting {

	private static final ThreadLocal<RequestRouting> CURRENT = new ThreadLocal<>();

	private String requiredGtid;

	private boolean gtidReached;

	private ReadSource lastReadSource;

	private final Consumer<String> gtidSink;

	private RequestRouting(String requiredGtid, Consumer<String> gtidSink) {
		this.requiredGtid = requiredGtid;
		this.gtidSink = gtidSink;
	}

	static void open(String requiredGtid, Consumer<String> gtidSink) {
		CURRENT.set(new RequestRouting(requiredGtid, gtidSink));
	}

	static void close() {
		CURRENT.remove();
	}

	static RequestRouting current() {
		return CURRENT.get();
	}

	/** The GTID a read must wait for, or null when there is none or the replica has already shown it. */
	String pendingGtid() {
		return this.gtidReached ? null : this.requiredGtid;
	}

	void gtidReached() {
		this.gtidReached = true;
	}

	/** A write committed: later reads of this session, on any app replica, must see it. */
	void committed(String gtid) {
		this.requiredGtid = gtid;
		this.gtidReached = false;
		this.gtidSink.accept(gtid);
	}

	void readFrom(ReadSource source) {
		this.lastReadSource = source;
	}

	ReadSource lastReadSource() {
		return this.lastReadSource;
	}

}
