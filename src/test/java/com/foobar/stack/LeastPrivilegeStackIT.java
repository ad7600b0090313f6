package com.foobar.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.foobar.support.Stack;
import com.foobar.support.TestStack;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each component runs as an account of its own; only supervisord, nginx's master process and the log shipper (which
 * reads every program's log) keep root.
 */
class LeastPrivilegeStackIT {

	private static final Map<String, String> USERS = Map.ofEntries(Map.entry("app-1", "foobar"),
			Map.entry("app-2", "foobar"), Map.entry("app-3", "foobar"), Map.entry("prometheus", "prometheus"),
			Map.entry("alertmanager", "prometheus"), Map.entry("node-exporter", "prometheus"),
			Map.entry("nginx-exporter", "prometheus"), Map.entry("blackbox-exporter", "prometheus"),
			Map.entry("mysqld-exporter-primary", "prometheus"), Map.entry("mysqld-exporter-replica", "prometheus"),
			Map.entry("log-collector", "foobar-logs"));

	@Test
	void everySupervisedProgramRunsAsItsOwnUser() {
		USERS.forEach((program, user) -> {
			String pid = Stack.supervisorctl("pid", program);
			assertThat(pid).as(program).matches("\\d+");
			assertThat(ps("-p", pid)).as(program).isEqualTo(user);
		});
	}

	@Test
	void nginxWorkersAndDatabasesDropRoot() throws IOException {
		String master = Stack.supervisorctl("pid", "nginx");
		assertThat(ps("--ppid", master).lines().distinct()).containsExactly("www-data");
		for (String node : new String[] { "primary", "replica" }) {
			Path pidFile = Path.of(TestStack.env("FOOBAR_STATE_DIR"), "db", node, "foobar.pid");
			assertThat(ps("-p", Files.readString(pidFile).strip())).as(node).isEqualTo("mysql");
		}
	}

	@Test
	void theLogsAreTheOperatorsOnly() throws IOException {
		Path logs = Path.of(TestStack.env("FOOBAR_STATE_DIR"), "logs");
		assertThat(Files.getPosixFilePermissions(logs)).containsOnly(PosixFilePermission.OWNER_READ,
				PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
		assertThat(Files.getOwner(logs).getName()).isEqualTo(TestStack.run(List.of("id", "-un"), true).strip());
	}

	/** Secrets are files the app reads, never its environment (which a crash dump or JFR recording holds). */
	@Test
	void noAppReplicaHasASecretInItsEnvironment() throws IOException {
		for (String app : new String[] { "app-1", "app-2", "app-3" }) {
			String pid = Stack.supervisorctl("pid", app);
			String environment = Files.readString(Path.of("/proc", pid, "environ")).replace('\0', '\n');
			assertThat(environment).as(app).contains("FOOBAR_INSTANCE=" + app)
				.doesNotContain(TestStack.env("FOOBAR_DB_APP_PASSWORD"))
				.doesNotContain(TestStack.env("FOOBAR_DB_MIGRATE_PASSWORD"))
				.doesNotContain(TestStack.env("FOOBAR_DB_TRUSTSTORE_PASSWORD"));
		}
	}

	private static String ps(String... args) {
		List<String> command = new ArrayList<>(List.of("ps", "-o", "user:32="));
		command.addAll(List.of(args));
		return TestStack.run(command, true);
	}

}
