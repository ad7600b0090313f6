package com.foobar.stack;

import com.foobar.support.Stack;
import com.foobar.support.TestStack;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * More than ten times the bench's connections, each request a page a replica must render: the edge refuses the excess
 * at once (503 with Retry-After) and the replicas go on serving near their peak; no 502 (no replica ejected for being
 * busy), no request left waiting, and normal service a second after. Figures come from {@code bin/foobar bench --burst}.
 */
class OverloadStackIT {

	@Test
	void aBurstIsRefusedFastWhileTheReplicasKeepServing() throws InterruptedException {
		JsonNode peak = burst(32, 5);
		JsonNode burst = burst(400, 10);
		// The burst's last requests in the replicas' hands still count for the edge's limit for a few hundred ms.
		Thread.sleep(1000);
		JsonNode after = burst(32, 3);

		assertThat(peak.path("refused").asInt()).as("refused at the bench's connections").isZero();
		assertNoFailure(peak);
		assertNoFailure(burst);
		assertThat(burst.path("refused").asInt()).as("refused in the burst").isPositive();
		// A loose bound, for a loaded CI machine: the collapse this guards against served a few per cent.
		assertThat(rate(burst, "served")).as("served per second in the burst, against %.0f before", rate(peak, "served"))
			.isGreaterThan(rate(peak, "served") / 2);
		assertNoFailure(after);
		assertThat(after.path("refused").asInt()).as("refused right after the burst").isZero();
	}

	private static void assertNoFailure(JsonNode run) {
		for (String failure : new String[] { "bad_gateway", "other", "timeouts", "errors" }) {
			assertThat(run.path(failure).asInt()).as(failure + " in " + run).isZero();
		}
	}

	private static double rate(JsonNode run, String answers) {
		return run.path(answers).asDouble() / run.path("seconds").asDouble();
	}

	private static JsonNode burst(int connections, int seconds) {
		String output = TestStack.ctl("bench", "--burst", String.valueOf(connections), String.valueOf(seconds));
		String line = output.substring(output.lastIndexOf('\n') + 1);
		JsonNode run = Stack.parseJson(line);
		System.out.printf("burst of %d connections for %d s: %.0f served/s, %.0f refused/s, p50 %s ms, p99 %s ms: %s%n",
				connections, seconds, rate(run, "served"), rate(run, "refused"), run.path("p50_ms"), run.path("p99_ms"), line);
		return run;
	}

}
