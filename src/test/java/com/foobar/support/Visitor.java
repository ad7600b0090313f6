package com.foobar.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A person with a browser: one cookie jar (so one session) across any number of app instances, and the CSRF
 * token of the last page seen. Redirects are not followed, so tests can see where they point.
 */
public final class Visitor {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private final HttpClient client;

	private String csrf = "";

	public Visitor() {
		this(null);
	}

	/**
	 * A visitor from an address of its own on loopback (127.0.0.2 and up): nginx limits sign-in and sign-up POSTs per
	 * address, so a test that signs in through the edge does not spend the allowance of the tests that follow.
	 */
	public Visitor(String localAddress) {
		HttpClient.Builder builder = HttpClient.newBuilder()
			.sslContext(TestStack.tls())
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5));
		if (localAddress != null) {
			try {
				builder.localAddress(InetAddress.getByName(localAddress));
			}
			catch (UnknownHostException ex) {
				throw new IllegalArgumentException(ex);
			}
		}
		this.client = builder.build();
	}

	public HttpResponse<String> get(String url) {
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET());
		Matcher token = CSRF.matcher(response.body());
		if (token.find()) {
			this.csrf = token.group(1);
		}
		return response;
	}

	/** Loads the form page first (for its CSRF token), then submits the fields. */
	public HttpResponse<String> submit(String formUrl, String actionUrl, String... fields) {
		get(formUrl);
		return post(actionUrl, fields);
	}

	/** Submits the fields with the CSRF token of the last form page this visitor loaded. */
	public HttpResponse<String> post(String actionUrl, String... fields) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("_csrf", this.csrf);
		for (int i = 0; i < fields.length; i += 2) {
			form.put(fields[i], fields[i + 1]);
		}
		String body = form.entrySet()
			.stream()
			.map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return send(HttpRequest.newBuilder(URI.create(actionUrl))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "text/html")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	/** Signs up and signs in on the given instances; returns nothing but leaves this visitor signed in. */
	public void signUpAndSignIn(String signUpBase, String signInBase, String handle, String password) {
		signUp(signUpBase, handle, password);
		signIn(signInBase, handle, password);
	}

	public void signUp(String base, String handle, String password) {
		HttpResponse<String> signup = submit(base + "/signup", base + "/signup", "handle", handle, "email",
				handle + "@example.com", "password", password, "confirmPassword", password);
		expectRedirect(signup, "/login?handle=" + handle);
	}

	public void signIn(String base, String handle, String password) {
		HttpResponse<String> login = submit(base + "/login", base + "/login", "username", handle, "password", password);
		expectRedirect(login, "/");
	}

	/**
	 * Submits /reset with the code that {@code bin/foobar accounts reset} printed (its last line; the rest of
	 * {@code operatorOutput} is its advice) and a new password.
	 */
	public HttpResponse<String> resetPassword(String base, String handle, String operatorOutput, String password) {
		String[] lines = operatorOutput.strip().split("\\R");
		return submit(base + "/reset", base + "/reset", "handle", handle, "code", lines[lines.length - 1], "password",
				password, "confirmPassword", password);
	}

	public static String location(HttpResponse<String> response) {
		return response.headers().firstValue("Location").orElse("");
	}

	private static void expectRedirect(HttpResponse<String> response, String target) {
		URI location = URI.create(location(response));
		String pathAndQuery = location.getRawPath() + ((location.getRawQuery() != null) ? "?" + location.getRawQuery() : "");
		if (response.statusCode() != 302 || !pathAndQuery.equals(target)) {
			throw new AssertionError("Expected a redirect to " + target + ", got " + response.statusCode() + " "
					+ location + "\n" + response.body());
		}
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.client.send(request.timeout(Duration.ofSeconds(20)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
