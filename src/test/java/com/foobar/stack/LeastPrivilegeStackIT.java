package com.foobar.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.foobar.support.Stack;
import com.foobar.support.TestStack;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each component runs as an account of its own; only supervisord and nginx's master process keep root. */
class LeastPrivilegeStackIT {

	private static final Map<String, String> USERS = Map.ofEntries(Map.entry("app-1", "foobar"),
			Map.entry("app-2", "foobar"), Map.entry("app-3", "foobar"), Map.entry("prometheus", "prometheus"),
			Map.entry("alertmanager", "prometheus"), Map.entry("node-exporter", "prometheus"),
			Map.entry("nginx-exporter", "prometheus"), Map.entry("blackbox-exporter", "prometheus"),
			Map.entry("mysqld-exporter-primary", "prometheus"), Map.entry("mysqld-exporter-replica", "prometheus"));

	@Test
	void everySupervisedProgramRunsAsItsOwnUser() {
		USERS.forEach((program, user) -> {
			String pid = Stack.supervisorctl("pid", program);
			assertThat(pid).as(program).matches("\\d+");
			assertThat(ps("user:32=", "-p", pid)).as(program).isEqualTo(user);
		});
	}

	@Test
	void nginxWorkersAndDatabasesDropRoot() throws IOException {
		String master = Stack.supervisorctl("pid", "nginx");
		assertThat(ps("user:32=", "--ppid", master).lines().distinct()).containsExactly("www-data");
		for (String node : new String[] { "primary", "replica" }) {
			Path pidFile = Path.of(TestStack.env("FOOBAR_STATE_DIR"), "db", node, "foobar.pid");
			assertThat(ps("user:32=", "-p", Files.readString(pidFile).strip())).as(node).isEqualTo("mysql");
		}
	}

	private static String ps(String format, String... selection) {
		String[] command = new String[selection.length + 3];
		command[0] = "ps";
		command[1] = "-o";
		command[2] = format;
		System.arraycopy(selection, 0, command, 3, selection.length);
		try {
			Process process = new ProcessBuilder(command).start();
			String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
			process.waitFor();
			return out;
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
