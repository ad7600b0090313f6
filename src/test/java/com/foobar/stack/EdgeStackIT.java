package com.foobar.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.foobar.support.Stack;
import com.foobar.support.TestStack;
import com.foobar.support.Visitor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** https://www.foobar.com through the real nginx, with the local CA trusted and the name on loopback. */
class EdgeStackIT {

	private static final Pattern SERVED_BY = Pattern.compile("Served by (app-\\d)");

	/** The replicas' ports, which no response header may reveal. */
	private static final List<String> APP_PORTS = List
		.of(TestStack.env("FOOBAR_APP_URLS").replaceAll("https://localhost", "").split(" "));

	@Test
	void httpRedirectsToHttpsKeepingThePath() throws Exception {
		HttpResponse<String> response = Stack.get(TestStack.env("FOOBAR_HTTP_URL") + "/posts/1?ref=x");
		assertThat(response.statusCode()).isIn(301, 308);
		assertThat(response.headers().firstValue("Location")).hasValue(Stack.url() + "/posts/1?ref=x");
	}

	/** The redirect names the site, whatever Host the client sent (no open redirect, no echo of its text). */
	@Test
	void httpRedirectsOnlyToTheSitesOwnNames() throws Exception {
		int port = URI.create(TestStack.env("FOOBAR_HTTP_URL")).getPort();
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write("GET /x HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
			assertThat(response).startsWith("HTTP/1.1 308")
				.containsPattern("(?m)^Location: https://www\\.foobar\\.com(:\\d+)?/x$")
				.doesNotContain("evil.example");
		}
	}

	@Test
	void requestsSpreadOverAllThreeReplicas() throws Exception {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < 12; i++) {
			// A distinct address each time: the edge's micro-cache would answer a repeated one itself.
			Matcher servedBy = SERVED_BY.matcher(Stack.get(Stack.url() + "/?spread=" + i).body());
			assertThat(servedBy.find()).isTrue();
			seen.add(servedBy.group(1));
		}
		assertThat(seen).containsExactlyInAnyOrderElementsOf(Stack.instances());
	}

	@Test
	void signInPostsAreRateLimitedPerClientAddress() throws Exception {
		// From an address of its own (all of 127/8 is loopback), so the other tests' sign-ins keep their allowance.
		HttpClient flooder = clientFrom("127.0.0.2");
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			statuses.add(flooder.send(signInPost(), HttpResponse.BodyHandlers.discarding()).statusCode());
		}
		// 10 a minute with a burst of 5: the first ones reach the app (403: no CSRF token), then nginx says 429.
		assertThat(statuses.subList(0, 5)).as(statuses.toString()).doesNotContain(429);
		assertThat(statuses.subList(8, 12)).as(statuses.toString()).containsOnly(429);
		assertThat(clientFrom("127.0.0.3").send(signInPost(), HttpResponse.BodyHandlers.discarding()).statusCode())
			.as("another address is not limited")
			.isNotEqualTo(429);
	}

	private static HttpClient clientFrom(String address) throws IOException {
		return HttpClient.newBuilder().sslContext(TestStack.tls()).localAddress(InetAddress.getByName(address)).build();
	}

	private static HttpRequest signInPost() {
		return HttpRequest.newBuilder(URI.create(Stack.url() + "/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("username=nobody&password=wrong"))
			.timeout(Duration.ofSeconds(10))
			.build();
	}

	@Test
	void anAppPortAnswersNothingOverPlainHttp() throws InterruptedException {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
		for (String url : TestStack.env("FOOBAR_APP_URLS").split(" ")) {
			String plain = url.replace("https://", "http://") + "/";
			try {
				HttpResponse<String> response = client.send(
						HttpRequest.newBuilder(URI.create(plain)).timeout(Duration.ofSeconds(5)).build(),
						HttpResponse.BodyHandlers.ofString());
				// Tomcat's TLS connector answers plain text with a bare 400, never with a page.
				assertThat(response.statusCode()).as(plain).isEqualTo(400);
				assertThat(response.body()).as(plain).doesNotContain("foobar");
			}
			catch (IOException refused) {
				// Equally good: the connection is dropped.
			}
		}
	}

	@Test
	void everyResponseCarriesTheSecurityHeadersAndNoInternals() throws Exception {
		for (String path : List.of("/", "/login", "/assets/css/site.css", "/no-such-page", "/actuator/prometheus")) {
			assertSecureHeaders(path, Stack.get(Stack.url() + path));
		}
	}

	/** nginx's own answers too: one to a request it refuses before any location is chosen (a header too large). */
	@Test
	void nginxsOwnErrorPagesCarryTheSecurityHeaders() throws Exception {
		HttpClient http11 = HttpClient.newBuilder().sslContext(TestStack.tls()).version(HttpClient.Version.HTTP_1_1).build();
		HttpResponse<String> refused = http11.send(HttpRequest.newBuilder(URI.create(Stack.url() + "/"))
			.header("Cookie", "a=" + "x".repeat(40_000))
			.timeout(Duration.ofSeconds(20))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("Request Header Or Cookie Too Large");
		assertSecureHeaders("a header too large", refused);
	}

	private static void assertSecureHeaders(String what, HttpResponse<String> response) {
		var headers = response.headers();
		assertThat(headers.firstValue("Strict-Transport-Security")).as(what).hasValueSatisfying(
				v -> assertThat(v).contains("max-age=63072000", "includeSubDomains"));
		assertThat(headers.firstValue("Content-Security-Policy")).as(what).hasValueSatisfying(v -> assertThat(v)
			.contains("default-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'none'")
			.doesNotContain("unsafe-inline"));
		assertThat(headers.allValues("Content-Security-Policy")).as(what).hasSize(1);
		assertThat(headers.firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
		assertThat(headers.firstValue("Referrer-Policy")).as(what).hasValue("strict-origin-when-cross-origin");
		assertThat(headers.firstValue("Access-Control-Allow-Origin")).as(what + ": no CORS").isEmpty();
		assertThat(headers.firstValue("Permissions-Policy")).as(what).isPresent();
		assertThat(headers.firstValue("X-Request-ID")).as(what).isPresent();
		assertThat(headers.firstValue("Server")).as(what).hasValue("nginx");
		headers.map().values().forEach(values -> assertThat(values).as(what)
			.noneMatch(v -> v.contains("127.0.0.1") || APP_PORTS.stream().anyMatch(v::contains)));
	}

	/** nginx keeps a client's request id only when it is safe, as the app does; both then log and answer the same. */
	@Test
	void aClientsRequestIdIsKeptOnlyWhenSafe() throws Exception {
		String safe = "trace-" + System.nanoTime();
		assertThat(Stack.get(Stack.url() + "/", "X-Request-ID", safe).headers().allValues("X-Request-ID"))
			.containsExactly(safe);
		for (String unsafe : List.of("x".repeat(65), "id with spaces", "<script>", "a\"b")) {
			assertThat(Stack.get(Stack.url() + "/", "X-Request-ID", unsafe).headers().allValues("X-Request-ID"))
				.as(unsafe)
				.singleElement()
				.satisfies(id -> assertThat(id).isNotEqualTo(unsafe).matches("[0-9a-f]{32}"));
		}
	}

	/**
	 * A client's own X-Forwarded-For is replaced by the address the edge saw (ASVS 4.1.3, 15.3.4): the app's security
	 * event for a refused POST names the visitor's real address, so a throttle per address cannot be rotated away.
	 */
	@Test
	void aClientsForwardedForIsReplacedByTheAddressTheEdgeSaw() throws Exception {
		String id = "xff-" + System.nanoTime();
		HttpResponse<String> refused = Stack.send(HttpRequest.newBuilder(URI.create(Stack.url() + "/logout"))
			.POST(HttpRequest.BodyPublishers.noBody())
			.headers("X-Forwarded-For", "203.0.113.77", "X-Request-ID", id));
		assertThat(refused.statusCode()).as("no CSRF token").isEqualTo(403);
		Path logs = Path.of(TestStack.env("FOOBAR_STATE_DIR"), "logs");
		String event = await().atMost(Duration.ofSeconds(10)).until(() -> {
			for (String instance : Stack.instances()) {
				try (Stream<String> lines = Files.lines(logs.resolve(instance + ".log"))) {
					var line = lines.filter(l -> l.contains("\"request_id\":\"" + id + "\"") && l.contains("foobar.security"))
						.findFirst();
					if (line.isPresent()) {
						return line.get();
					}
				}
			}
			return null;
		}, Objects::nonNull);
		assertThat(Stack.parseJson(event).path("client").path("address").asString()).isEqualTo("127.0.0.1");
		assertThat(event).doesNotContain("203.0.113.77");
	}

	/**
	 * A request framed two ways (Content-Length and Transfer-Encoding) is refused by the edge, never passed on
	 * (ASVS 4.2.1: no request smuggling), and TRACE is not served (13.4.4).
	 */
	@Test
	void ambiguousFramingIsRefusedAndTraceIsNotServed() throws Exception {
		URI site = URI.create(Stack.url());
		try (Socket socket = TestStack.tls().getSocketFactory().createSocket("127.0.0.1", site.getPort())) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /login HTTP/1.1\r\nHost: www.foobar.com\r\nContent-Length: 4\r\n"
					+ "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
				.startsWith("HTTP/1.1 400");
		}
		HttpResponse<String> trace = Stack.send(
				HttpRequest.newBuilder(site.resolve("/")).method("TRACE", HttpRequest.BodyPublishers.noBody()));
		assertThat(trace.statusCode()).isEqualTo(405);
	}

	@Test
	void redirectsAfterFormsStayOnThePublicOrigin() {
		String site = Stack.url();
		String handle = "edge" + System.currentTimeMillis() % 100_000;
		Visitor visitor = new Visitor();
		var signup = visitor.submit(site + "/signup", site + "/signup", "handle", handle, "email",
				handle + "@example.com", "password", "a long enough phrase", "confirmPassword", "a long enough phrase");
		var login = visitor.submit(site + "/login", site + "/login", "username", handle, "password",
				"a long enough phrase");
		for (var response : List.of(signup, login)) {
			assertThat(response.statusCode()).isEqualTo(302);
			// Relative, or absolute on the very origin the visitor used (port included): never https://host/.
			assertThat(Visitor.location(response)).satisfiesAnyOf(l -> assertThat(l).startsWith("/"),
					l -> assertThat(l).startsWith(site + "/"));
		}
	}

	@Test
	void internalEndpointsAreNotReachableThroughThePublicSite() throws Exception {
		for (String path : List.of("/actuator/health", "/actuator/prometheus", "/actuator")) {
			assertThat(Stack.get(Stack.url() + path).statusCode()).as(path).isEqualTo(404);
		}
	}

}
