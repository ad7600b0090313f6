package com.foobar.routing;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import com.foobar.support.TestStack;
import com.foobar.support.Visitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A statement that cannot finish (here a post's INSERT behind an operator's table lock on the writer) is cut off
 * by the server after the app's statement limit: the author gets the 503 page within seconds, the log says what
 * happened, and once the lock is gone the same post goes through.
 */
@ExtendWith(OutputCaptureExtension.class)
class StatementTimeoutIT {

	private static ConfigurableApplicationContext app;

	@BeforeAll
	static void start() {
		app = TestStack.startApp("statement-timeout-it");
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	@Test
	void aStatementStuckBehindALockIsCutOffAndReported(CapturedOutput output) {
		String base = TestStack.baseUrl(app);
		Visitor author = new Visitor();
		String handle = "stmt" + System.currentTimeMillis() % 1_000_000;
		author.signUpAndSignIn(base, base, handle, "a long enough phrase");

		String table = "`" + TestStack.env("FOOBAR_DB_NAME") + "`.post";
		CompletableFuture<String> lock = CompletableFuture
			.supplyAsync(() -> TestStack.sql("primary", "LOCK TABLES " + table + " WRITE; SELECT SLEEP(8); UNLOCK TABLES"));
		await().atMost(Duration.ofSeconds(10)).until(() -> TestStack
			.sql("primary", "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO = 'SELECT SLEEP(8)'")
			.equals("1"));

		long start = System.nanoTime();
		HttpResponse<String> stuck = author.submit(base + "/posts/new", base + "/posts/new", "title", "Behind a lock",
				"body", "Waits for the writer's table lock.", "format", "MARKDOWN");
		long millis = (System.nanoTime() - start) / 1_000_000;
		System.out.printf("StatementTimeoutIT: a post behind a table lock answered %d after %d ms%n",
				stuck.statusCode(), millis);
		assertThat(stuck.statusCode()).isEqualTo(503);
		assertThat(stuck.body()).contains("took too long").doesNotContain("Exception");
		assertThat(millis).as("the 503 came from the limit, not the lock's end").isLessThan(6_000);
		assertThat(output.getOut()).contains("Statement cut off by the database");

		lock.join();
		HttpResponse<String> after = author.submit(base + "/posts/new", base + "/posts/new", "title", "Behind a lock",
				"body", "Waits for the writer's table lock.", "format", "MARKDOWN");
		assertThat(after.statusCode()).isEqualTo(302);
	}

}
