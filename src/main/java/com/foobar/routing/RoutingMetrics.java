package com.foobar.routing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The routing's own meters: where reads went and why, causal waits and fallbacks. */
final class RoutingMetrics {

	private final MeterRegistry registry;

	// Every read-only transaction counts a decision: look each counter up once, not on every read.
	private final Map<String, Counter> decisions = new ConcurrentHashMap<>();

	RoutingMetrics(MeterRegistry registry) {
		this.registry = registry;
		// Registered up front so dashboards and alerts see zeros, not missing series, before the first event.
		fallbacks();
		waits(true);
		waits(false);
	}

	void decision(ReadSource target, String reason) {
		this.decisions.computeIfAbsent(target.name() + '/' + reason, (key) -> Counter.builder("foobar.routing.decisions")
			.description("Read-only transactions by the database they were sent to and why")
			.tag("target", target.name().toLowerCase())
			.tag("reason", reason)
			.register(this.registry)).increment();
	}

	void causalWait(long nanos, boolean reached) {
		waits(reached).record(nanos, TimeUnit.NANOSECONDS);
		if (!reached) {
			fallbacks().increment();
		}
	}

	private Timer waits(boolean reached) {
		return Timer.builder("foobar.causal.wait")
			.description("Time spent waiting on the replica for a session's last write")
			.tag("outcome", reached ? "reached" : "timeout")
			.register(this.registry);
	}

	private Counter fallbacks() {
		return Counter.builder("foobar.causal.fallbacks")
			.description("Reads sent to the primary because the replica did not have the session's write in time")
			.register(this.registry);
	}

}
