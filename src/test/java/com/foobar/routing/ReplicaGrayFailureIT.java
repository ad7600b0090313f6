package com.foobar.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.foobar.support.DatabaseFault;
import com.foobar.support.TestStack;
import com.foobar.support.Visitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Gray failures of the reader: its mariadbd frozen (SIGSTOP), so it keeps its connections and never answers, or
 * black-holed (its packets dropped), so connections neither break nor answer. Pages and sign-ins must neither
 * hang on it nor fail: the first read there is cut off after a second and runs again on the writer, and the ones
 * after go to the writer straight away. Prints what each took (figures; the assertions are that none failed and
 * none waited anywhere near the 10 s a frozen reader once cost).
 */
class ReplicaGrayFailureIT {

	private static ConfigurableApplicationContext app;

	@BeforeAll
	static void start() {
		app = TestStack.startApp("gray-it");
		await().atMost(Duration.ofSeconds(10)).until(() -> app.getBean(ReplicaMonitor.class).state().replicaUsable());
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	@Test
	void withTheReaderFrozenPagesAndSignInsAreServedFromTheWriter() throws Exception {
		survive(DatabaseFault.frozen("reader"), false);
	}

	@Test
	void withTheReaderBlackHoledPagesAndSignInsAreServedFromTheWriter() throws Exception {
		survive(DatabaseFault.blackHoled(app.getEnvironment().getProperty("foobar.db.replica")), true);
	}

	/**
	 * The first read on the failed reader is the one that is cut off and run again (later ones go to the writer
	 * straight away): a sign-in's (a read-only JPA transaction, ReadOnlyRetry) or a page's (the read model,
	 * ReplicaFailover), one of each fault.
	 */
	private void survive(DatabaseFault fault, boolean signInFirst) throws Exception {
		await().atMost(Duration.ofSeconds(20)).until(() -> app.getBean(ReplicaMonitor.class).state().replicaUsable());
		Visitor visitor = new Visitor();
		String base = TestStack.baseUrl(app);
		for (int i = 0; i < 5; i++) {
			assertThat(visitor.get(base + "/").statusCode()).isEqualTo(200);
		}
		String handle = fault.name().substring(0, 5) + System.currentTimeMillis() % 1_000_000;
		new Visitor().signUp(base, handle, "a long enough phrase");
		long healthy = System.nanoTime();
		new Visitor().signIn(base, handle, "a long enough phrase");
		long healthyMillis = (System.nanoTime() - healthy) / 1_000_000;
		List<Long> millis = new ArrayList<>();
		Visitor member = new Visitor();
		member.get(base + "/login");
		long signIn = 0;
		fault.begin();
		try {
			if (signInFirst) {
				signIn = signIn(member, base, handle);
			}
			for (int i = 0; i < 10; i++) {
				long start = System.nanoTime();
				var page = visitor.get(base + "/");
				millis.add((System.nanoTime() - start) / 1_000_000);
				assertThat(page.statusCode()).as("page %d with the reader %s", i + 1, fault.name()).isEqualTo(200);
				assertThat(page.body()).as("page %d", i + 1).contains("data from the primary");
			}
			if (!signInFirst) {
				signIn = signIn(member, base, handle);
			}
			assertThat(app.getBean(ReplicaMonitor.class).state().replicaUsable()).isFalse();
		}
		finally {
			fault.end();
		}
		System.out.printf("ReplicaGrayFailureIT: reader %s: a sign-in %d ms %s (%d ms with the reader well), pages %s ms%n",
				fault.name(), signIn, signInFirst ? "first" : "after the pages", healthyMillis, millis);
		assertThat(millis).allMatch(ms -> ms < 5_000, "no page waits for the reader");
		assertThat(signIn).as("the sign-in's ms").isLessThan(5_000);
		await().atMost(Duration.ofSeconds(20)).until(() -> app.getBean(ReplicaMonitor.class).state().replicaUsable());
		assertThat(visitor.get(base + "/").body()).contains("data from the replica");
	}

	/** Signs in (fails unless redirected home, signed in) and returns the ms it took. */
	private static long signIn(Visitor member, String base, String handle) throws Exception {
		long start = System.nanoTime();
		member.signIn(base, handle, "a long enough phrase");
		long millis = (System.nanoTime() - start) / 1_000_000;
		assertThat(member.get(base + "/").body()).contains(handle);
		return millis;
	}

}
