package com.foobar.routing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import javax.sql.DataSource;

import com.foobar.support.TestStack;
import com.foobar.support.Visitor;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Read-only transactions on the replica, the rest on the primary, and reads surviving a dead replica. */
class RoutingIT {

	private static ConfigurableApplicationContext app;

	@BeforeAll
	static void start() {
		app = TestStack.startApp("routing-it");
		await().atMost(Duration.ofSeconds(10)).until(() -> app.getBean(ReplicaMonitor.class).state().replicaUsable());
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	@Test
	void readOnlyTransactionsGoToTheReplicaAndTheRestToThePrimary() {
		assertThat(serverId(true)).isEqualTo(2);
		assertThat(serverId(false)).isEqualTo(1);
	}

	@Test
	void theSessionCookieIsSecureHttpOnlyAndSameSite() {
		String base = TestStack.baseUrl(app);
		String handle = "cookie_" + System.nanoTime() % 1_000_000;
		Visitor visitor = new Visitor();
		visitor.signUp(base, handle, "a cookie's passphrase");
		var signIn = visitor.submit(base + "/login", base + "/login", "username", handle, "password",
				"a cookie's passphrase");
		assertThat(signIn.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
			.startsWith("__Host-foobar_session=").contains("; Path=/", "; Secure", "; HttpOnly", "; SameSite=Lax")
			.doesNotContain("Domain="));
		// The id (base64 in the cookie) is the project's 192-bit one, also after sign-in changed it, and it is the
		// session's row.
		String cookie = signIn.headers().allValues("Set-Cookie").stream()
			.filter(value -> value.startsWith("__Host-foobar_session=")).findFirst().orElseThrow();
		String id = new String(Base64.getDecoder().decode(cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'))),
				StandardCharsets.US_ASCII);
		assertThat(id).hasSize(32).matches("[A-Za-z0-9_-]+");
		assertThat(new JdbcTemplate(app.getBean(DataSource.class)).queryForObject(
				"SELECT COUNT(*) FROM SPRING_SESSION WHERE SESSION_ID = ?", Integer.class, id)).isEqualTo(1);
	}

	@Test
	void withTheReplicaStoppedReadsGoToThePrimaryAndPagesStillRender() {
		TestStack.ctl("db", "stop", "replica");
		try {
			// The very first read after the replica died must already succeed: no read fails for the replica.
			assertThat(serverId(true)).isEqualTo(1);
			var home = new Visitor().get(TestStack.baseUrl(app) + "/");
			assertThat(home.statusCode()).isEqualTo(200);
			assertThat(home.body()).contains("data from the primary").contains("Served by routing-it");
			assertThat(app.getBean(MeterRegistry.class)
				.find("foobar.routing.decisions").tag("target", "primary").tag("reason", "replica_down")
				.counter()).isNotNull();
		}
		finally {
			TestStack.ctl("db", "start", "replica");
		}
		await().atMost(Duration.ofSeconds(15)).until(() -> app.getBean(ReplicaMonitor.class).state().replicaUsable());
		assertThat(serverId(true)).isEqualTo(2);
	}

	private static int serverId(boolean readOnly) {
		TransactionTemplate transaction = new TransactionTemplate(app.getBean(PlatformTransactionManager.class));
		transaction.setReadOnly(readOnly);
		JdbcTemplate jdbc = new JdbcTemplate(app.getBean(DataSource.class));
		return transaction.execute(status -> jdbc.queryForObject("SELECT @@server_id", Integer.class));
	}

}
