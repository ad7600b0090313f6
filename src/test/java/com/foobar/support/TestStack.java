package com.foobar.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.foobar.FoobarApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationContextInitializedEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real MariaDB pair that {@code bin/foobar test} starts, and app instances running against it. Everything
 * comes from the environment that command sets; run through it, not alone.
 */
public final class TestStack {

	private TestStack() {
	}

	public static String env(String name) {
		String value = System.getenv(name);
		if (value == null || value.isBlank()) {
			throw new IllegalStateException(name + " is not set: run the integration tests with bin/foobar test");
		}
		return value;
	}

	/**
	 * Starts an app instance on free ports, with plain-text logs. Instances may start concurrently; their logging
	 * set-up, one Logback context for the whole JVM, may not (it races), so it takes a lock released once the
	 * environment, and with it the logging, is ready.
	 */
	public static ConfigurableApplicationContext startApp(String instance, String... overrides) {
		List<String> args = new ArrayList<>(List.of("--foobar.instance=" + instance, "--server.port=0",
				"--management.server.port=0", "--logging.structured.format.console="));
		args.addAll(List.of(overrides));
		LOGGING_SETUP.lock();
		try {
			return new SpringApplicationBuilder(FoobarApplication.class)
				.listeners((ApplicationListener<ApplicationContextInitializedEvent>) (event) -> releaseLoggingSetup())
				.run(args.toArray(String[]::new));
		}
		finally {
			releaseLoggingSetup();
		}
	}

	private static final ReentrantLock LOGGING_SETUP = new ReentrantLock();

	private static void releaseLoggingSetup() {
		if (LOGGING_SETUP.isHeldByCurrentThread()) {
			LOGGING_SETUP.unlock();
		}
	}

	public static String baseUrl(ConfigurableApplicationContext app) {
		return "https://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort();
	}

	public static String managementUrl(ConfigurableApplicationContext app) {
		return "https://localhost:" + app.getEnvironment().getProperty("local.management.port");
	}

	/**
	 * Runs {@code bin/foobar ARGS} and returns its output; fails the test when it fails. It sees only what an
	 * operator would set (state directory, JDK, addresses, ports), not the values the test command derived.
	 */
	public static String ctl(String... args) {
		return run(ctlCommand(args), true);
	}

	/** bin/foobar as {@link #ctl}, for a command that must fail: its output, the reason it gave. */
	public static String ctlFailing(String... args) {
		ProcessBuilder builder = ctlCommand(args);
		Outcome outcome = execute(builder);
		if (outcome.status() == 0) {
			throw new AssertionError(String.join(" ", builder.command()) + " succeeded:\n" + outcome.output());
		}
		return outcome.output();
	}

	private static ProcessBuilder ctlCommand(String... args) {
		List<String> command = new ArrayList<>(List.of(env("FOOBAR_CTL")));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment()
			.keySet()
			.removeIf((name) -> name.startsWith("FOOBAR_")
					&& !name.matches("FOOBAR_(STATE_DIR|JAVA_HOME|LISTEN|DB_NAME|[A-Z0-9_]*PORT|[A-Z0-9_]*PORT_BASE)"));
		return builder;
	}

	/** Runs a command and returns its output (stderr included), stripped; when it must succeed, fails if not. */
	public static String run(List<String> command, boolean mustSucceed) {
		return run(new ProcessBuilder(command), mustSucceed);
	}

	private static String run(ProcessBuilder builder, boolean mustSucceed) {
		Outcome outcome = execute(builder);
		if (outcome.status() != 0 && mustSucceed) {
			throw new IllegalStateException(String.join(" ", builder.command()) + " failed:\n" + outcome.output());
		}
		return outcome.output();
	}

	private record Outcome(int status, String output) {
	}

	/** Runs a command to its end: its exit status and its output (stderr included), stripped. */
	private static Outcome execute(ProcessBuilder builder) {
		try {
			Process process = builder.redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			return new Outcome(process.waitFor(), output.strip());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** SQL as the local admin on "primary" or "replica". */
	public static String sql(String node, String sql) {
		return ctl("db", "sql", node, sql);
	}

	/**
	 * Trusts what the operator does: the edge CA (as a browser of www.foobar.com would after installing it) and
	 * the app hop's CA (the replicas' own ports), nothing else.
	 */
	public static SSLContext tls() {
		try {
			KeyStore trust = KeyStore.getInstance("PKCS12");
			trust.load(null, null);
			for (String ca : List.of("FOOBAR_CA_CERT", "FOOBAR_APP_CA_CERT")) {
				byte[] pem = Files.readAllBytes(Path.of(env(ca)));
				trust.setCertificateEntry(ca,
						CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem)));
			}
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(trust);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, factory.getTrustManagers(), null);
			return context;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
