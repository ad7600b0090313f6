package com.foobar.routing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.foobar.support.TestStack;
import com.foobar.support.Visitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Without the primary: not ready to start on, still serving (reads from the replica), writes answered by a friendly
 * 503 page.
 */
class PrimaryOutageIT {

	private static ConfigurableApplicationContext app;

	@BeforeAll
	static void start() {
		app = TestStack.startApp("outage-it");
		await().atMost(Duration.ofSeconds(10)).until(() -> app.getBean(ReplicaMonitor.class).state().replicaUsable());
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	@Test
	void withThePrimaryDownTheInstanceIsNotReadyYetStillServesReads() throws Exception {
		assertThat(health("readiness")).isEqualTo(200);
		assertThat(health("serving")).isEqualTo(200);
		Visitor visitor = new Visitor();
		String base = TestStack.baseUrl(app);
		TestStack.ctl("db", "stop", "primary");
		try {
			await().atMost(Duration.ofSeconds(15)).until(() -> health("readiness") == 503);
			assertThat(health("serving")).as("an instance that can still serve reads stays in rotation").isEqualTo(200);
			await().atMost(Duration.ofSeconds(15)).until(() -> visitor.get(base + "/").statusCode() == 200);
			assertThat(visitor.get(base + "/").body()).contains("data from the replica");

			var signup = visitor.submit(base + "/signup", base + "/signup", "handle", "outage_user", "email",
					"outage@example.com", "password", "a long enough phrase", "confirmPassword", "a long enough phrase");
			assertThat(signup.statusCode()).isEqualTo(503);
			assertThat(signup.body()).contains("We cannot reach our database right now.")
				.doesNotContain("Exception", "at com.", "at org.");
		}
		finally {
			TestStack.ctl("db", "start", "primary");
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> health("readiness") == 200);
		await().atMost(Duration.ofSeconds(20)).until(() -> app.getBean(ReplicaMonitor.class).state().replicaUsable());
	}

	private static int health(String group) throws Exception {
		HttpClient client = HttpClient.newBuilder().sslContext(TestStack.tls()).build();
		return client.send(HttpRequest.newBuilder(URI.create(TestStack.managementUrl(app) + "/actuator/health/" + group))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
	}

}
