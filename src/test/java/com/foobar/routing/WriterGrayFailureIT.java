package com.foobar.routing;

import java.net.http.HttpResponse;
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
 * Gray failures of the writer, frozen (SIGSTOP) or black-holed (its packets dropped): pages that only read go on
 * from the reader, and a write gets the 503 page after a few seconds instead of hanging. Prints what each took
 * (figures; the assertions are the answers, and that none waited anywhere near for ever).
 */
class WriterGrayFailureIT {

	private static ConfigurableApplicationContext app;

	@BeforeAll
	static void start() {
		app = TestStack.startApp("writer-gray-it");
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	@Test
	void withTheWriterFrozenReadsGoOnAndWritesFailFast() throws Exception {
		survive(DatabaseFault.frozen("writer"));
	}

	@Test
	void withTheWriterBlackHoledReadsGoOnAndWritesFailFast() throws Exception {
		survive(DatabaseFault.blackHoled(app.getEnvironment().getProperty("foobar.db.primary")));
	}

	private void survive(DatabaseFault fault) throws Exception {
		ReplicaMonitor monitor = app.getBean(ReplicaMonitor.class);
		await().atMost(Duration.ofSeconds(30)).until(() -> monitor.state().replicaUsable() && monitor.state().primaryUp());
		String base = TestStack.baseUrl(app);
		Visitor reader = new Visitor();
		assertThat(reader.get(base + "/").statusCode()).isEqualTo(200);
		Visitor writer = new Visitor();
		writer.get(base + "/signup");
		String handle = "wgray" + System.currentTimeMillis() % 1_000_000;
		List<Long> reads = new ArrayList<>();
		long write;
		fault.begin();
		try {
			for (int i = 0; i < 5; i++) {
				long start = System.nanoTime();
				HttpResponse<String> page = reader.get(base + "/");
				reads.add((System.nanoTime() - start) / 1_000_000);
				assertThat(page.statusCode()).as("read %d with the writer %s", i + 1, fault.name()).isEqualTo(200);
			}
			long start = System.nanoTime();
			HttpResponse<String> signup = writer.post(base + "/signup", "handle", handle, "email", handle + "@example.com",
					"password", "a long enough phrase", "confirmPassword", "a long enough phrase");
			write = (System.nanoTime() - start) / 1_000_000;
			assertThat(signup.statusCode()).isEqualTo(503);
			assertThat(signup.body()).contains("We cannot reach our database right now.").doesNotContain("Exception");
		}
		finally {
			fault.end();
		}
		System.out.printf("WriterGrayFailureIT: writer %s: reads %s ms, a sign-up's 503 after %d ms%n", fault.name(), reads, write);
		assertThat(reads).allMatch(ms -> ms < 5_000, "no read waits for the writer");
		assertThat(write).isLessThan(10_000);
		await().atMost(Duration.ofSeconds(30)).until(() -> monitor.state().primaryUp() && monitor.state().replicaUsable());
	}
}
