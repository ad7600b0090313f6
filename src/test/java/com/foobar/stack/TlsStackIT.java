package com.foobar.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.foobar.support.Stack;
import com.foobar.support.TestStack;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** testssl against the edge: protocols, ciphers, server preference, PFS, headers, vulnerabilities. */
class TlsStackIT {

	@Test
	void testsslFindsNothingLowOrWorse() throws Exception {
		Path report = Path.of("target/testssl.json");
		Files.deleteIfExists(report); // testssl refuses to overwrite its report
		String port = TestStack.env("FOOBAR_URL").replaceAll(".*:(\\d+)$", "$1");
		ProcessBuilder builder = new ProcessBuilder("testssl", "--quiet", "--color", "0", "--warnings", "batch", "--nodns",
				"none", "--add-ca", TestStack.env("FOOBAR_CA_CERT"), "-p", "-s", "-f", "-P", "-S", "-h", "-U",
				"--jsonfile", report.toString(), "https://127.0.0.1:" + port + "/")
			.redirectErrorStream(true)
			.redirectOutput(Path.of("target/testssl.txt").toFile());
		// testssl's expiry warnings (60 and 30 days left) assume 90-day certificates; ours live 30 days and are
		// renewed with 10 left (bin/lib/pki.sh), so fewer than 10 left is what means a renewal failed.
		builder.environment().put("DAYS2WARN1", "10");
		builder.environment().put("DAYS2WARN2", "5");
		Process testssl = builder.start();
		testssl.waitFor();
		assertThat(report).exists();
		List<String> findings = new ArrayList<>();
		for (JsonNode finding : Stack.readJson(report)) {
			String severity = finding.path("severity").asString();
			if (List.of("LOW", "MEDIUM", "HIGH", "CRITICAL").contains(severity)) {
				findings.add(severity + " " + finding.path("id").asString() + ": " + finding.path("finding").asString());
			}
		}
		assertThat(findings).as("see target/testssl.txt").isEmpty();
		assertThat(Files.readString(report)).contains("\"id\"");
	}

}
