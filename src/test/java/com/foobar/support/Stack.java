package com.foobar.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The whole stack that {@code bin/foobar up} runs, as {@code bin/foobar env} describes it: the public site, the
 * replicas, Prometheus, Alertmanager and the supervisor.
 */
public final class Stack {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.sslContext(TestStack.tls())
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private Stack() {
	}

	public static String url() {
		return TestStack.env("FOOBAR_URL");
	}

	public static List<String> instances() {
		return List.of(TestStack.env("FOOBAR_APP_INSTANCES").split(" "));
	}

	public static HttpResponse<String> get(String url) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(URI.create(url)));
	}

	/** A GET with request headers, given as name and value pairs. */
	public static HttpResponse<String> get(String url, String... headers) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(URI.create(url)).headers(headers));
	}

	/** Any request, as the operator's client: trusting the stack's CAs, 20 seconds at most. */
	public static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return CLIENT.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
	}

	/** An instant query against the live Prometheus; returns its result vector. */
	public static JsonNode prometheus(String query) throws IOException, InterruptedException {
		String url = TestStack.env("FOOBAR_PROMETHEUS_URL") + "/api/v1/query?query="
				+ URLEncoder.encode(query, StandardCharsets.UTF_8);
		JsonNode body = JSON.readTree(get(url).body());
		if (!"success".equals(body.path("status").asString())) {
			throw new AssertionError("Query failed: " + query + "\n" + body);
		}
		return body.path("data").path("result");
	}

	public static JsonNode json(String url) throws IOException, InterruptedException {
		return JSON.readTree(get(url).body());
	}

	public static JsonNode readJson(java.nio.file.Path file) {
		return JSON.readTree(file.toFile());
	}

	public static JsonNode parseJson(String json) {
		return JSON.readTree(json);
	}

	/** Runs supervisorctl against the stack's supervisord; its output, whatever its exit status. */
	public static String supervisorctl(String... args) {
		List<String> command = new ArrayList<>(List.of("supervisorctl", "-c",
				TestStack.env("FOOBAR_STATE_DIR") + "/conf/supervisord.conf"));
		command.addAll(List.of(args));
		return TestStack.run(command, false);
	}

	/** The replica's readiness through its own management port. */
	public static boolean ready(String instance) {
		int n = Integer.parseInt(instance.substring(instance.lastIndexOf('-') + 1));
		String url = TestStack.env("FOOBAR_APP_MANAGEMENT_URLS").split(" ")[n - 1] + "/actuator/health/readiness";
		try {
			return get(url).statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
