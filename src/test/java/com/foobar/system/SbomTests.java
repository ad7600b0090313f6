package com.foobar.system;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The software bill of materials the build puts in the jar lists the libraries the site runs on, from Maven Central. */
class SbomTests {

	@Test
	void theJarsBillOfMaterialsNamesEveryRuntimeLibraryWithItsVersionAndHash() throws IOException {
		JsonNode bom;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/sbom/application.cdx.json")) {
			assertThat(in).as("META-INF/sbom/application.cdx.json, made by the build").isNotNull();
			bom = JsonMapper.builder().build().readTree(in);
		}
		assertThat(bom.path("bomFormat").asString()).isEqualTo("CycloneDX");
		List<JsonNode> components = bom.path("components").valueStream().toList();
		assertThat(components).extracting(c -> c.path("name").asString())
			.contains("mysql-connector-j", "spring-security-web", "spring-session-jdbc", "commonmark", "jsoup",
					"flyway-core", "tomcat-embed-core")
			.doesNotContain("junit-jupiter-api", "selenium-java");
		assertThat(components).allSatisfy(c -> {
			assertThat(c.path("version").asString()).isNotBlank();
			assertThat(c.path("purl").asString()).startsWith("pkg:maven/");
			assertThat(c.path("hashes").valueStream().map(h -> h.path("alg").asString())).contains("SHA-256");
		});
	}

}
