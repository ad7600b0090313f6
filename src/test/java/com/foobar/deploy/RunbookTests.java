package com.foobar.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/** Every alert links to its own section of the runbook in docs/operations.md, and that section exists. */
class RunbookTests {

	private static final Path ROOT = Path.of("").toAbsolutePath();

	private static final String RUNBOOK = "https://github.com/foobar/foobar/blob/main/docs/operations.md#";

	@Test
	@SuppressWarnings("unchecked")
	void everyAlertsRunbookUrlNamesASectionOfTheRunbook() throws IOException {
		String runbook = Files.readString(ROOT.resolve("docs/operations.md"));
		Map<String, Object> rules = new Yaml().load(Files.readString(ROOT.resolve("prometheus/rules/foobar.rules.yml")));
		int alerts = 0;
		for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
			for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
				if (rule.containsKey("alert")) {
					alerts++;
					String url = (String) ((Map<String, Object>) rule.get("annotations")).get("runbook_url");
					assertThat(url).as((String) rule.get("alert")).startsWith(RUNBOOK);
					assertThat(runbook).as(url).contains("<a id=\"" + url.substring(RUNBOOK.length()) + "\"></a>");
				}
			}
		}
		assertThat(alerts).isGreaterThan(10);
	}

}
