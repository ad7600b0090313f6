package com.foobar.routing;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
		String pid = writerPid();
		survive("frozen", List.of("kill", "-STOP", pid), List.of("kill", "-CONT", pid));
	}

	@Test
	void withTheWriterBlackHoledReadsGoOnAndWritesFailFast() throws Exception {
		String port = app.getEnvironment().getProperty("foobar.db.primary").replaceAll(".*:", "");
		String table = "foobar_it_writer_blackhole";
		survive("black-holed", List.of("nft", "add table inet " + table + " { chain input { type filter hook input priority -10;"
				+ " iif lo tcp dport " + port + " drop; }; }"), List.of("nft", "delete table inet " + table));
	}

	private void survive(String fault, List<String> begin, List<String> end) throws Exception {
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
		TestStack.run(begin, true);
		try {
			for (int i = 0; i < 5; i++) {
				long start = System.nanoTime();
				HttpResponse<String> page = reader.get(base + "/");
				reads.add((System.nanoTime() - start) / 1_000_000);
				assertThat(page.statusCode()).as("read %d with the writer %s", i + 1, fault).isEqualTo(200);
			}
			long start = System.nanoTime();
			HttpResponse<String> signup = writer.post(base + "/signup", "handle", handle, "email", handle + "@example.com",
					"password", "a long enough phrase", "confirmPassword", "a long enough phrase");
			write = (System.nanoTime() - start) / 1_000_000;
			assertThat(signup.statusCode()).isEqualTo(503);
			assertThat(signup.body()).contains("We cannot reach our database right now.").doesNotContain("Exception");
		}
		finally {
			TestStack.run(end, true);
		}
		System.out.printf("WriterGrayFailureIT: writer %s: reads %s ms, a sign-up's 503 after %d ms%n", fault, reads, write);
		assertThat(reads).allMatch(ms -> ms < 5_000, "no read waits for the writer");
		assertThat(write).isLessThan(10_000);
		await().atMost(Duration.ofSeconds(30)).until(() -> monitor.state().primaryUp() && monitor.state().replicaUsable());
	}

	/** The writer's mariadbd, as bin/foobar started it (after a promotion the writer is "replica"). */
	private static String writerPid() throws Exception {
		Path db = Path.of(TestStack.env("FOOBAR_STATE_DIR"), "db");
		Path marker = db.resolve("writer");
		String writer = Files.exists(marker) ? Files.readString(marker).strip() : "primary";
		return Files.readString(db.resolve(writer).resolve("foobar.pid")).strip();
	}

}
