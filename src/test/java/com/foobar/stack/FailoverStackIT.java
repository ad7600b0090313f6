package com.foobar.stack;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;

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

	/** Whatever happened above, the pair goes back to how the other tests know it. */
	@AfterEach
	void primaryWritesAgain() {
		if (TestStack.ctl("db", "status").contains("writer: replica")) {
			TestStack.ctl("db", "start", "primary");
			TestStack.ctl("db", "promote");
		}
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
