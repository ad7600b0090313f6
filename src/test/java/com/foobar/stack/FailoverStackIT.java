package com.foobar.stack;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.foobar.support.Stack;
import com.foobar.support.TestStack;
import com.foobar.support.Visitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * "A single writer is a single point of failure", answered for real through the site: the primary dies, the replica
 * is promoted and loses nothing acknowledged, the site writes again; the old primary rejoins as the replica, and a
 * planned switchover puts the pair back as it started (which the other tests expect).
 */
class FailoverStackIT {

	private static final String PASSWORD = "failover-passphrase-42";

	private static final String CLIENT_ADDRESS = "127.0.0.4";

	private static final String SCRATCH = "failover_it";

	@Test
	void thePrimaryDiesTheReplicaTakesOverAndThePairIsPutBack() {
		String site = Stack.url();
		String handle = "failover_" + System.nanoTime() % 1_000_000;
		String afterFailover = "Written after the failover by " + handle;
		String afterSwitchover = "Written after the switchover by " + handle;
		new Visitor(CLIENT_ADDRESS).signUp(site, handle, PASSWORD);
		Visitor visitor = new Visitor(CLIENT_ADDRESS);

		TestStack.ctl("db", "stop", "primary");
		try {
			assertThat(TestStack.ctl("db", "promote")).contains("failover", "replica is the writer now");
			assertThat(TestStack.sql("replica", "SELECT @@read_only")).isEqualTo("0");
			// Signing in reads the account written before the failover: acknowledged (semi-sync), so not lost.
			visitor.signIn(site, handle, PASSWORD);
			String post = write(visitor, site, afterFailover);
			assertThat(visitor.get(site + post).body()).contains(afterFailover);
		}
		finally {
			TestStack.ctl("db", "start", "primary");
		}
		// The old primary came back as a reader and caught up with what was written without it.
		assertThat(TestStack.sql("primary", "SELECT @@read_only")).isEqualTo("1");
		awaitPostOn("primary", afterFailover);

		assertThat(TestStack.ctl("db", "promote")).contains("switchover", "primary is the writer now");
		assertThat(TestStack.sql("primary", "SELECT @@read_only")).isEqualTo("0");
		assertThat(TestStack.sql("replica", "SELECT @@read_only")).isEqualTo("1");
		write(visitor, site, afterSwitchover);
		awaitPostOn("replica", afterSwitchover);
		assertThat(TestStack.ctl("status")).contains("db-primary OK writer", "db-replica OK reader");
	}

	/**
	 * The writer lost with a commit the reader never received (the reader had stopped replicating, semi-sync fell
	 * back to async): a switchover is refused before anything is fenced, the failover goes on, and the old writer
	 * is refused as a reader with the way out named; `db rebuild` makes it a copy of the new writer, without the
	 * lost commit, with tables identical to the writer's.
	 */
	@Test
	void aFormerWriterThatHoldsACommitTheNewOneLacksIsRebuiltAsACopy() {
		TestStack.sql("primary", "CREATE DATABASE IF NOT EXISTS " + SCRATCH + "; CREATE TABLE IF NOT EXISTS " + SCRATCH
				+ ".t (id INT PRIMARY KEY)");
		await().atMost(Duration.ofSeconds(30)).until(() -> TestStack.sql("replica",
				"SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + SCRATCH + "'").equals("1"));
		TestStack.sql("replica", "STOP SLAVE");
		assertThat(TestStack.ctlFailing("db", "promote")).contains("switchover refused", "replica does not replicate");
		assertThat(TestStack.sql("primary", "SELECT @@read_only")).as("the writer was not fenced").isEqualTo("0");

		TestStack.sql("primary", "INSERT INTO " + SCRATCH + ".t VALUES (1)");
		TestStack.ctl("db", "stop", "primary");
		assertThat(TestStack.ctl("db", "promote")).contains("failover", "replica is the writer now");
		TestStack.sql("replica", "INSERT INTO " + SCRATCH + ".t VALUES (2)");
		assertThat(TestStack.ctlFailing("db", "start", "primary")).contains("never received", "db rebuild primary");
		assertThat(TestStack.sql("primary", "SELECT @@read_only")).as("a refused reader stays read-only").isEqualTo("1");

		long start = System.nanoTime();
		assertThat(TestStack.ctl("db", "rebuild", "primary")).contains("primary is a copy of replica");
		System.out.printf("FailoverStackIT: db rebuild primary took %d ms%n", (System.nanoTime() - start) / 1_000_000);
		assertThat(TestStack.sql("primary", "SELECT GROUP_CONCAT(id) FROM " + SCRATCH + ".t")).isEqualTo("2");
		String name = TestStack.env("FOOBAR_DB_NAME");
		for (String table : List.of(name + ".account", name + ".post", SCRATCH + ".t")) {
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(TestStack.sql("primary", "CHECKSUM TABLE " + table))
					.as(table).isEqualTo(TestStack.sql("replica", "CHECKSUM TABLE " + table)));
		}
	}

	/** Whatever happened above, the pair goes back to how the other tests know it. */
	@AfterEach
	void primaryWritesAgain() {
		if (TestStack.ctl("db", "status").contains("writer: replica")) {
			try {
				TestStack.ctl("db", "start", "primary");
			}
			catch (IllegalStateException refused) {
				TestStack.ctl("db", "rebuild", "primary");
			}
			TestStack.ctl("db", "promote");
		}
		TestStack.ctl("db", "start", "replica"); // replicating again, whatever a test stopped
		TestStack.sql("primary", "DROP DATABASE IF EXISTS " + SCRATCH);
	}

	private static String write(Visitor visitor, String site, String title) {
		HttpResponse<String> created = visitor.submit(site + "/posts/new", site + "/posts/new", "title", title, "body",
				"Proof that the site writes.", "format", "PLAIN");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
		String path = URI.create(Visitor.location(created)).getPath();
		assertThat(path).matches("/posts/\\d+");
		return path;
	}

	private static void awaitPostOn(String node, String title) {
		String sql = "SELECT COUNT(*) FROM " + TestStack.env("FOOBAR_DB_NAME") + ".post WHERE title = '" + title + "'";
		await().atMost(Duration.ofSeconds(30)).until(() -> TestStack.sql(node, sql).equals("1"));
	}

}
