package com.foobar.stack;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.foobar.support.Stack;
import com.foobar.support.TestStack;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Replicas die; visitors do not notice, the supervisor brings them back, and the alert reaches Alertmanager. */
class ResilienceStackIT {

	@Test
	void killingAReplicaDuringAStreamOfGetsCostsNoRequestAndItComesBack() throws Exception {
		String pid = Stack.supervisorctl("pid", "app-2");
		assertThat(pid).matches("\\d+");
		AtomicInteger ok = new AtomicInteger();
		AtomicInteger failed = new AtomicInteger();
		try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
			Future<?>[] streams = new Future<?>[2];
			for (int i = 0; i < streams.length; i++) {
				int stream = i;
				streams[i] = pool.submit(() -> {
					for (int j = 0; j < 250; j++) {
						try {
							// Each to a distinct address: a cached page would not reach a replica at all.
							HttpResponse<String> response = Stack.get(Stack.url() + "/?stream=" + stream + "-" + j);
							(response.statusCode() == 200 ? ok : failed).incrementAndGet();
						}
						catch (Exception ex) {
							failed.incrementAndGet();
						}
					}
					return null;
				});
			}
			await().until(() -> ok.get() > 50);
			new ProcessBuilder("kill", "-KILL", pid).start().waitFor();
			for (Future<?> stream : streams) {
				stream.get();
			}
		}
		assertThat(failed.get()).as("failed GETs while app-2 was killed").isZero();
		assertThat(ok.get()).isEqualTo(500);
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
			String newPid = Stack.supervisorctl("pid", "app-2");
			return newPid.matches("\\d+") && !newPid.equals(pid) && Stack.ready("app-2");
		});
	}

	@Test
	void aStoppedReplicaRaisesAnAlertThatReachesAlertmanager() {
		assertThat(Stack.supervisorctl("stop", "app-3")).contains("stopped");
		try {
			await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(3)).until(() -> {
				JsonNode alerts = Stack.json(TestStack.env("FOOBAR_ALERTMANAGER_URL") + "/api/v2/alerts");
				for (JsonNode alert : alerts) {
					JsonNode labels = alert.path("labels");
					if (labels.path("alertname").asString().equals("FoobarAppReplicaDown")
							&& labels.path("instance").asString().equals("app-3")) {
						return true;
					}
				}
				return false;
			});
		}
		finally {
			Stack.supervisorctl("start", "app-3");
		}
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> Stack.ready("app-3"));
	}

}
