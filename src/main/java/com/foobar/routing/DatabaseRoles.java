package com.foobar.routing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Which of the two database nodes writes now. They start as configured ({@code foobar.db.primary} writes); when
 * the writer stops taking writes and the other node is writable (a promotion: {@code bin/foobar db promote}, the
 * compose runbook's, or an operator's), ReplicaMonitor swaps them, as ProxySQL does from {@code read_only}, and
 * the pools move to their new nodes without a restart of the app.
 */
final class DatabaseRoles {

	private final List<String> nodes;

	private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

	private volatile int writer;

	DatabaseRoles(String primary, String replica) {
		this.nodes = List.of(primary, replica);
	}

	/** host:port of the writer now. */
	String writer() {
		return this.nodes.get(this.writer);
	}

	/** host:port of the reader now. */
	String reader() {
		return this.nodes.get(1 - this.writer);
	}

	/** The index (0: the configured primary, 1: the configured replica) of the node that plays the role now. */
	int node(boolean writerRole) {
		int current = this.writer;
		return writerRole ? current : 1 - current;
	}

	/** Called after each swap: the pools drop the connections they hold to the nodes' old roles. */
	void onSwap(Runnable listener) {
		this.listeners.add(listener);
	}

	synchronized void swap() {
		this.writer = 1 - this.writer;
		this.listeners.forEach(Runnable::run);
	}

}
