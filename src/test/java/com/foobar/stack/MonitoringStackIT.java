package com.foobar.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import com.foobar.support.Stack;
import com.foobar.support.TestStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Prometheus sees every component, per-instance QPS is there under load, and every dashboard panel has data. */
class MonitoringStackIT {

	/** A short, bounded load through the edge so rates and latency quantiles have something to show. */
	@BeforeAll
	static void load() throws Exception {
		try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
			for (int i = 0; i < 4; i++) {
				int stream = i;
				pool.submit(() -> {
					for (int j = 0; j < 150; j++) {
						// Distinct addresses, so that the replicas render them (the edge caches a repeated one).
						Stack.get(Stack.url() + ((j % 5 == 0) ? "/no-such-page" : "/?load=" + stream + "-" + j));
					}
					return null;
				});
			}
		}
	}

	@Test
	void everyTargetIsUp() {
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
			JsonNode targets = Stack.json(TestStack.env("FOOBAR_PROMETHEUS_URL") + "/api/v1/targets")
				.path("data")
				.path("activeTargets");
			assertThat(targets.size()).isGreaterThanOrEqualTo(10);
			targets.forEach(target -> assertThat(target.path("health").asString())
				.as(target.path("labels").toString() + " " + target.path("lastError").asString())
				.isEqualTo("up"));
		});
	}

	@Test
	void queriesPerSecondAreReportedForEachReplica() {
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
			JsonNode result = Stack.prometheus("sum by (instance) (rate(http_server_requests_seconds_count{job=\"foobar-app\"}[1m])) > 0");
			List<String> instances = new ArrayList<>();
			result.forEach(series -> instances.add(series.path("metric").path("instance").asString()));
			assertThat(instances).containsExactlyInAnyOrderElementsOf(Stack.instances());
		});
	}

	@Test
	void everyQueryOfEveryDashboardPanelReturnsData() throws IOException {
		List<Path> dashboards;
		try (Stream<Path> files = Files.list(Path.of("grafana/dashboards"))) {
			dashboards = files.filter(f -> f.toString().endsWith(".json")).toList();
		}
		assertThat(dashboards).isNotEmpty();
		for (Path dashboard : dashboards) {
			JsonNode json = Stack.readJson(dashboard);
			assertThat(json.path("uid").asString()).isNotBlank();
			for (JsonNode panel : json.path("panels")) {
				if (panel.path("type").asString().equals("row")) {
					continue;
				}
				assertThat(panel.path("datasource").path("uid").asString()).isEqualTo("foobar-prometheus");
				for (JsonNode target : panel.path("targets")) {
					// Grafana's own variable, as it would resolve it at a 5 s scrape interval.
					String query = target.path("expr").asString().replace("$__rate_interval", "1m");
					await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofSeconds(3))
						.untilAsserted(() -> assertThat(Stack.prometheus(query).size())
							.as(dashboard.getFileName() + " / " + panel.path("title").asString() + ": " + query)
							.isPositive());
				}
			}
		}
	}

}
