package com.foobar.system;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The container healthcheck: {@code java -cp foobar.jar com.foobar.system.HealthCheck URL CA_PEM} exits 0 when URL
 * answers 200 over HTTPS verified against CA_PEM. JDK only, so the JRE image needs no curl.
 */
public final class HealthCheck {

	private HealthCheck() {
	}

	public static void main(String[] args) throws Exception {
		KeyStore trust = KeyStore.getInstance("PKCS12");
		trust.load(null, null);
		try (InputStream pem = Files.newInputStream(Path.of(args[1]))) {
			trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(pem));
		}
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		factory.init(trust);
		SSLContext tls = SSLContext.getInstance("TLS");
		tls.init(null, factory.getTrustManagers(), null);
		HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(3)).build();
		HttpResponse<Void> response = client.send(
				HttpRequest.newBuilder(URI.create(args[0])).timeout(Duration.ofSeconds(5)).build(),
				HttpResponse.BodyHandlers.discarding());
		System.exit(response.statusCode() == 200 ? 0 : 1);
	}

}
