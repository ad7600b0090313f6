package com.foobar.routing;

import java.net.URI;
import java.time.Duration;

import com.foobar.support.TestStack;
import com.foobar.support.Visitor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Read-your-writes across app instances. Instance B checks its replica only at start-up, so while the replica's
 * SQL thread is stopped B still believes it healthy: only the causal wait stands between a writer and a stale page.
 */
class CausalReadIT {

	private static final String PASSWORD = "a long enough phrase";

	private static ConfigurableApplicationContext a;

	private static ConfigurableApplicationContext b;

	@BeforeAll
	static void start() {
		a = TestStack.startApp("causal-a");
		b = TestStack.startApp("causal-b", "--foobar.db.check-interval=1h");
		await().atMost(Duration.ofSeconds(10)).until(() -> monitor(a).state().replicaUsable()
				&& monitor(b).state().replicaUsable());
	}

	@AfterAll
	static void stop() {
		a.close();
		b.close();
	}

	@Test
	void aWriterSeesTheirPostOnAnotherInstanceWhileTheReplicaLags() {
		String writerA = TestStack.baseUrl(a);
		String readerB = TestStack.baseUrl(b);
		TestStack.sql("replica", "STOP SLAVE SQL_THREAD");
		try {
			Visitor writer = new Visitor();
			writer.signUpAndSignIn(writerA, writerA, "causal_" + System.nanoTime() % 1_000_000, PASSWORD);
			var created = writer.submit(writerA + "/posts/new", writerA + "/posts/new", "title", "Fresh off the primary",
					"body", "Written while the replica was stalled.", "format", "PLAIN");
			String postPath = URI.create(Visitor.location(created)).getPath();
			assertThat(postPath).matches("/posts/\\d+");

			double fallbacksBefore = fallbacks(b);
			var page = writer.get(readerB + postPath);
			assertThat(page.statusCode()).isEqualTo(200);
			assertThat(page.body()).contains("Fresh off the primary", "Served by causal-b", "data from the primary")
				.as("the session signed in on A is signed in on B").contains("Signed in as");
			assertThat(fallbacks(b)).isEqualTo(fallbacksBefore + 1);

			// Someone who never wrote does not wait: B serves them the replica's (stale) state.
			var anonymous = new Visitor().get(readerB + postPath);
			assertThat(anonymous.statusCode()).isEqualTo(404);
			assertThat(fallbacks(b)).isEqualTo(fallbacksBefore + 1);
		}
		finally {
			TestStack.sql("replica", "START SLAVE SQL_THREAD");
		}
	}

	/**
	 * Once the monitor has seen the replica apply a heartbeat stamped after the write, the writer's reads go to the
	 * replica without waiting for the GTID there (one statement less on every signed-in page), and still see it.
	 */
	@Test
	void aWriteTheReplicaIsKnownToHaveNeedsNoWait() {
		String base = TestStack.baseUrl(a);
		Visitor writer = new Visitor();
		writer.signUpAndSignIn(base, base, "applied_" + System.nanoTime() % 1_000_000, PASSWORD);
		var created = writer.submit(base + "/posts/new", base + "/posts/new", "title", "Applied by now", "body",
				"Read after a heartbeat.", "format", "PLAIN");
		String postPath = URI.create(Visitor.location(created)).getPath();
		// Until the monitor's next check the writer's reads wait on the replica; after it, they need not.
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			double before = applied(a);
			writer.get(base + "/");
			return applied(a) > before;
		});
		double appliedBefore = applied(a);
		long waitsBefore = waits(a);
		var page = writer.get(base + postPath);
		assertThat(page.body()).contains("Applied by now", "data from the replica");
		assertThat(applied(a)).isGreaterThan(appliedBefore);
		assertThat(waits(a)).as("GTID waits on the replica for that page").isEqualTo(waitsBefore);
	}

	@Test
	void aReplicaThatStopsReplicatingIsTakenOutOfReadsByTheMonitor() {
		TestStack.sql("replica", "STOP SLAVE SQL_THREAD");
		try {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> "not_replicating".equals(monitor(a).state().reason()));
			var home = new Visitor().get(TestStack.baseUrl(a) + "/");
			assertThat(home.body()).contains("data from the primary");
			assertThat(a.getBean(MeterRegistry.class)
				.find("foobar.routing.decisions").tag("reason", "not_replicating").counter().count()).isPositive();
		}
		finally {
			TestStack.sql("replica", "START SLAVE SQL_THREAD");
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> monitor(a).state().replicaUsable());
	}

	private static ReplicaMonitor monitor(ConfigurableApplicationContext app) {
		return app.getBean(ReplicaMonitor.class);
	}

	private static double applied(ConfigurableApplicationContext app) {
		Counter counter = app.getBean(MeterRegistry.class)
			.find("foobar.routing.decisions")
			.tag("reason", "causal_applied")
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static long waits(ConfigurableApplicationContext app) {
		return app.getBean(MeterRegistry.class)
			.find("foobar.causal.wait")
			.timers()
			.stream()
			.mapToLong(Timer::count)
			.sum();
	}

	private static double fallbacks(ConfigurableApplicationContext app) {
		Counter counter = app.getBean(MeterRegistry.class).find("foobar.causal.fallbacks").counter();
		return (counter != null) ? counter.count() : 0;
	}

}
