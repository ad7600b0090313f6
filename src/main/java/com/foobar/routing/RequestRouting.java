package com.foobar.routing;

import java.util.function.Consumer;

/**
 * Per-request routing state, bound to the request's thread by {@link CausalReadFilter}: the GTID this session
 * must see (if it wrote before: its {@link CausalMark}), whether the replica already proved it has it, and where the last read went.
 */
final class RequestRouting {

	private static final ThreadLocal<RequestRouting> CURRENT = new ThreadLocal<>();

	private CausalMark required;

	private boolean gtidReached;

	private ReadSource lastReadSource;

	private final Consumer<String> gtidSink;

	private RequestRouting(CausalMark required, Consumer<String> gtidSink) {
		this.required = required;
		this.gtidSink = gtidSink;
	}

	static void open(CausalMark required, Consumer<String> gtidSink) {
		CURRENT.set(new RequestRouting(required, gtidSink));
	}

	static void close() {
		CURRENT.remove();
	}

	static RequestRouting current() {
		return CURRENT.get();
	}

	/** The write a read must see, or null when there is none or the replica has already shown it. */
	CausalMark pending() {
		return this.gtidReached ? null : this.required;
	}

	void gtidReached() {
		this.gtidReached = true;
	}

	/** A write committed: later reads of this session, on any app replica, must see it. */
	void committed(CausalMark mark) {
		this.required = mark;
		this.gtidReached = false;
		this.gtidSink.accept(mark.stored());
	}

	void readFrom(ReadSource source) {
		this.lastReadSource = source;
	}

	ReadSource lastReadSource() {
		return this.lastReadSource;
	}

}
