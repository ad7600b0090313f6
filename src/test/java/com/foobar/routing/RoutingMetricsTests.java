package com.foobar.routing;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RoutingMetricsTests {

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final RoutingMetrics metrics = new RoutingMetrics(this.registry);

	@Test
	void countsEachDecisionUnderItsTargetAndReason() {
		this.metrics.decision(ReadSource.REPLICA, "fresh");
		this.metrics.decision(ReadSource.REPLICA, "fresh");
		this.metrics.decision(ReadSource.PRIMARY, "lagging");

		assertThat(decisions("replica", "fresh")).isEqualTo(2);
		assertThat(decisions("primary", "lagging")).isEqualTo(1);
		assertThat(this.registry.find("foobar.routing.decisions").counters()).hasSize(2);
	}

	@Test
	void aTimedOutCausalWaitIsAFallback() {
		assertThat(this.registry.get("foobar.causal.fallbacks").counter().count()).isZero();

		this.metrics.causalWait(1_000_000, true);
		this.metrics.causalWait(500_000_000, false);

		assertThat(this.registry.get("foobar.causal.fallbacks").counter().count()).isEqualTo(1);
		assertThat(this.registry.get("foobar.causal.wait").tag("outcome", "timeout").timer().count()).isEqualTo(1);
		assertThat(this.registry.get("foobar.causal.wait").tag("outcome", "reached").timer().count()).isEqualTo(1);
	}

	private double decisions(String target, String reason) {
		return this.registry.get("foobar.routing.decisions").tag("target", target).tag("reason", reason).counter().count();
	}

}
