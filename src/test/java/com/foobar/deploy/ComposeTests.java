package com.foobar.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What can be proven of docker-compose.yml without a Docker engine (its schema is checked by bin/foobar check):
 * every path it mounts or builds from exists, images are pinned, only nginx is reachable from outside, and no
 * secret is written in it.
 */
class ComposeTests {

	private static final Path ROOT = Path.of("").toAbsolutePath();

	private final Map<String, Object> compose = load();

	@Test
	void everyMountedFileAndBuildContextExists() {
		services().forEach((name, service) -> {
			for (String volume : strings(service.get("volumes"))) {
				String source = volume.split(":")[0];
				if (source.startsWith(".")) {
					assertThat(ROOT.resolve(source)).as(name + " mounts " + source).exists();
				}
				else if (!source.startsWith("/")) {
					assertThat(map(this.compose.get("volumes"))).as(name + " uses volume " + source).containsKey(source);
				}
			}
			if (service.get("build") instanceof Map<?, ?> build) {
				assertThat(ROOT.resolve((String) build.get("context")).resolve("Dockerfile")).exists();
				assertThat(dockerfile()).as(name).containsPattern("(?m)^FROM .* AS " + build.get("target") + "$");
			}
		});
	}

	@Test
	void everyImageIsPinnedToAVersion() {
		services().forEach((name, service) -> {
			String image = (String) service.get("image");
			assertThat(image).as(name).isNotNull().matches("[\\w./-]+:v?\\d+(\\.\\d+)+");
		});
		// Base images are build arguments (tests pass local ones) whose defaults name a Temurin release.
		assertThat(dockerfile()).containsPattern("(?m)^ARG JRE_IMAGE=eclipse-temurin:25\\.\\d+\\.\\d+_\\d+-jre-noble$")
			.containsPattern("(?m)^ARG JDK_IMAGE=eclipse-temurin:25\\.\\d+\\.\\d+_\\d+-jdk-noble$")
			.containsPattern("(?m)^FROM \\$\\{JRE_IMAGE} AS app$")
			.doesNotContain(":latest", "# syntax=");
	}

	/**
	 * Compose fills ${...} from the shell: a name bin/foobar's own environment uses (`bin/foobar env` prints
	 * FOOBAR_DB_PRIMARY=127.0.0.1:...) would point the containers at the host. Compose's knobs have a prefix of
	 * their own.
	 */
	@Test
	void composeReadsOnlyItsOwnVariablesFromTheShell() throws IOException {
		java.util.regex.Matcher variable = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)")
			.matcher(Files.readString(ROOT.resolve("docker-compose.yml")));
		int count = 0;
		while (variable.find()) {
			count++;
			assertThat(variable.group(1)).startsWith("FOOBAR_COMPOSE_");
		}
		assertThat(count).isGreaterThan(5);
	}

	/** Database root only over the socket; the exporter that runs as root in its image does not here. */
	@Test
	void noServiceRunsWithMorePowerThanItNeeds() {
		for (String node : List.of("mysql-primary", "mysql-replica")) {
			assertThat(map(services().get(node).get("environment")).get("MYSQL_ROOT_HOST")).as(node).isEqualTo("localhost");
			assertThat(strings(services().get(node).get("healthcheck") instanceof Map<?, ?> health ? health.get("test") : null))
				.as(node + ": a socket ping passes during the image's first-run setup").contains("--protocol=tcp");
		}
		assertThat(services().get("blackbox-exporter").get("user")).isEqualTo("65534:65534");
	}

	/**
	 * nginx resolves its upstreams once: each app has a fixed address on the app network, below the range the engine
	 * hands out, and nginx names it by an alias that exists on that network only.
	 */
	@Test
	void nginxFindsEachAppAtAFixedAddress() throws IOException {
		String env = Files.readString(ROOT.resolve("config/compose.env"));
		String subnet = "${FOOBAR_COMPOSE_APP_NET:-198.18.251}";
		assertThat(map(map(this.compose.get("networks")).get("app")).get("ipam").toString())
			.contains("subnet=" + subnet + ".0/24", "ip_range=" + subnet + ".128/25");
		for (int n = 1; n <= 3; n++) {
			Map<String, Object> app = map(map(services().get("app-" + n).get("networks")).get("app"));
			assertThat(app.get("ipv4_address")).isEqualTo(subnet + ".1" + n);
			assertThat(strings(app.get("aliases"))).containsExactly("app-" + n + ".upstream");
			assertThat(env).contains("FOOBAR_APP_" + n + "=app-" + n + ".upstream:8443");
		}
	}

	/**
	 * Each private key is in a volume of its own, mounted by the services that write it (init, cert-renewer) and its
	 * one server.
	 */
	@Test
	void eachPrivateKeyIsMountedByItsServerOnly() {
		assertThat(volumeUsers("keys-")).containsOnly(Map.entry("keys-edge", Set.of("init", "cert-renewer", "nginx")),
				Map.entry("keys-app", Set.of("init", "cert-renewer", "app-1", "app-2", "app-3")),
				Map.entry("keys-db", Set.of("init", "cert-renewer", "mysql-primary", "mysql-replica")));
	}

	/**
	 * Each secret volume (passwords, and the keys of the database accounts of the exporters and the backup service,
	 * which the cert-renewer renews) is mounted by the services that write it and its consumers only.
	 */
	@Test
	void eachSecretIsMountedByItsConsumersOnly() {
		assertThat(volumeUsers("secrets-")).containsOnly(Map.entry("secrets-app", Set.of("init", "app-1", "app-2", "app-3")),
				Map.entry("secrets-mysql", Set.of("init", "mysql-primary", "mysql-replica")),
				Map.entry("secrets-backup", Set.of("init", "cert-renewer", "backup")),
				Map.entry("secrets-exporter",
						Set.of("init", "cert-renewer", "mysqld-exporter-primary", "mysqld-exporter-replica")),
				Map.entry("secrets-grafana", Set.of("init", "grafana")));
	}

	private Map<String, Set<String>> volumeUsers(String prefix) {
		Map<String, Set<String>> users = new java.util.TreeMap<>();
		services().forEach((name, service) -> {
			for (String volume : strings(service.get("volumes"))) {
				String source = volume.split(":")[0];
				if (source.startsWith(prefix)) {
					users.computeIfAbsent(source, k -> new java.util.TreeSet<>()).add(name);
				}
			}
		});
		return users;
	}

	/**
	 * The backup account's password reaches the backup service alone (and the databases, which create the account:
	 * eachSecretIsMountedByItsConsumersOnly); the copies it takes live in a volume of their own, which the donor
	 * database writes with CLONE.
	 */
	@Test
	void backupsHaveTheirOwnSecretAndVolume() throws IOException {
		assertThat(strings(services().get("backup").get("volumes"))).contains("secrets-backup:/run/secrets:ro",
				"backups:/backups");
		assertThat(Files.readString(ROOT.resolve("mysql/mysql84/initdb/10-foobar.sh")))
			.contains("GRANT BACKUP_ADMIN, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'foobar_backup'@'%'");
		for (String node : List.of("primary", "replica")) {
			assertThat(Files.readString(ROOT.resolve("mysql/mysql84/" + node + ".cnf"))).contains("mysql_clone.so");
		}
	}

	/**
	 * Prometheus must reach the apps and nginx on the monitoring network, so they could call its lifecycle API or
	 * Alertmanager's: both, and blackbox, listen on the loopback of a namespace they share with Grafana only.
	 */
	@Test
	void monitoringApisListenOnTheirSharedLoopbackOnly() {
		for (String name : List.of("prometheus", "alertmanager", "blackbox-exporter")) {
			assertThat(strings(services().get(name).get("command"))).as(name)
				.anyMatch(arg -> arg.matches("--web\\.listen-address=127\\.0\\.0\\.1:\\d+"));
		}
		for (String name : List.of("alertmanager", "blackbox-exporter", "grafana")) {
			assertThat(services().get(name).get("network_mode")).as(name).isEqualTo("service:prometheus");
		}
	}

	/**
	 * A promotion must outlive restarts and later `up`s: the reader's role is SET PERSIST in its data volume (no
	 * read_only in its config file to undo it), and the apps take the writer from .env, which git ignores.
	 */
	@Test
	void aPromotionIsRecordedWhereRestartsAndLaterUpsReadIt() throws IOException {
		assertThat(Files.readString(ROOT.resolve("mysql/mysql84/replica.cnf"))).doesNotContainPattern("(?m)^\\s*(super_)?read_only");
		assertThat(Files.readString(ROOT.resolve("mysql/mysql84/initdb/10-foobar.sh"))).contains("SET PERSIST super_read_only = ON");
		assertThat(Files.readString(ROOT.resolve("docker-compose.yml")))
			.contains("FOOBAR_DB_PRIMARY: ${FOOBAR_COMPOSE_DB_PRIMARY:-mysql-primary:3306}", "FOOBAR_DB_REPLICA: ${FOOBAR_COMPOSE_DB_REPLICA:-mysql-replica:3306}");
		assertThat(Files.readAllLines(ROOT.resolve(".gitignore"))).contains(".env");
	}

	/** A registry would serve whatever is pushed under the project's own image names: they are only ever built. */
	@Test
	void theProjectsOwnImagesAreNeverPulled() {
		services().forEach((name, service) -> {
			if (service.containsKey("build") || ((String) service.get("image")).startsWith("foobar/")) {
				assertThat(service.get("pull_policy")).as(name).isEqualTo("never");
			}
		});
	}

	/**
	 * The mysql image's entrypoint sources a non-executable *.sh into its own shell, where docker_process_sql exists,
	 * and runs an executable one as a child, where it does not; a `set` in a sourced script changes its shell.
	 */
	@Test
	void mysqlInitScriptsAreSourcedAndLeaveTheEntrypointsShellAlone() throws IOException {
		try (var scripts = Files.list(ROOT.resolve("mysql/mysql84/initdb"))) {
			for (Path script : scripts.filter(p -> p.toString().endsWith(".sh")).toList()) {
				assertThat(Files.isExecutable(script)).as(script + " is executable").isFalse();
				assertThat(Files.readString(script)).as(script.toString()).doesNotContainPattern("(?m)^\\s*set\\s+-");
			}
		}
	}

	@Test
	void onlyNginxPublishesPortsAndOnlyNginxIsOutsideInternalNetworks() {
		Map<String, Object> networks = map(this.compose.get("networks"));
		services().forEach((name, service) -> {
			if (!name.equals("nginx")) {
				assertThat(service).as(name).doesNotContainKey("ports");
			}
			for (String network : strings(service.get("networks"))) {
				boolean internal = Boolean.TRUE.equals(map(networks.get(network)).get("internal"));
				assertThat(internal || name.equals("nginx")).as(name + " on " + network).isTrue();
			}
		});
		assertThat(strings(services().get("nginx").get("networks"))).contains("edge");
		// The design's firewalls: a database is reachable from the app and exporters, never from the edge.
		assertThat(strings(services().get("mysql-primary").get("networks"))).containsExactly("data");
		assertThat(strings(services().get("nginx").get("networks"))).doesNotContain("data");
	}

	@Test
	void noSecretIsWrittenInTheComposeFile() {
		Pattern secretName = Pattern.compile("(?i).*(password|secret|token|key)(?!.*_FILE$).*");
		services().forEach((name, service) -> map(service.get("environment")).forEach((key, value) -> {
			if (secretName.matcher(key).matches()) {
				assertThat(String.valueOf(value)).as(name + " " + key).startsWith("/run/");
			}
		}));
		assertThat(services().get("mysql-primary").get("environment").toString())
			.contains("MYSQL_ROOT_PASSWORD_FILE=/run/secrets/mysql-root");
		assertThat(services().get("grafana").get("environment").toString())
			.contains("GF_SECURITY_ADMIN_PASSWORD__FILE=/run/secrets/grafana-admin", "GF_AUTH_ANONYMOUS_ENABLED=false");
	}

	@Test
	void longRunningServicesHaveHealthchecksRestartPoliciesAndMemoryLimits() {
		Set<String> withoutHealthcheck = Set.of("init", "nginx-exporter"); // one-shot; FROM scratch image
		services().forEach((name, service) -> {
			if (name.equals("init")) {
				return;
			}
			assertThat(service.get("restart")).as(name).isEqualTo("unless-stopped");
			assertThat(service).as(name).containsKey("mem_limit");
			if (!withoutHealthcheck.contains(name)) {
				// Either in the compose file or, for the image built here, the Dockerfile's HEALTHCHECK.
				boolean imageHasOne = ((String) service.get("image")).startsWith("foobar/app:")
						&& dockerfile().contains("HEALTHCHECK");
				assertThat(service.containsKey("healthcheck") || imageHasOne).as(name).isTrue();
			}
		});
		assertThat(map(services().get("nginx").get("depends_on")).get("app-1").toString()).contains("service_healthy");
		assertThat(map(services().get("app-1").get("depends_on")).get("init").toString())
			.contains("service_completed_successfully");
	}

	@Test
	void theImageBuildsTheJarTheTestsTestAndRunsWhatItContains() throws Exception {
		String build = Files.readString(ROOT.resolve("bin/lib/stack.sh"));
		String command = "./mvnw -B -q -ntp package -DskipTests";
		assertThat(build).contains(command);
		assertThat(dockerfile()).contains("RUN " + command);
		String jar = "foobar-0.1.0-SNAPSHOT.jar";
		assertThat(build).contains(jar);
		assertThat(dockerfile()).contains("target/" + jar, "/app/" + jar, "com.foobar.system.HealthCheck");
		// The replicas' one JVM options file, and an AOT cache named after the image's jar and options, so a volume
		// that outlives the image never feeds a new image an old cache.
		assertThat(Files.readString(ROOT.resolve("docker/app-entrypoint.sh"))).contains("/app/" + jar,
				"java @/app/jvm.options", "app-$(cat /app/aot-key).aot");
		assertThat(dockerfile()).contains("cp src/main/jvm.options /app/jvm.options", "sha256sum", "/app/aot-key");
		assertThat(Class.forName("com.foobar.system.HealthCheck").getMethod("main", String[].class)).isNotNull();
		assertThat(Files.readString(ROOT.resolve("pom.xml"))).contains("<artifactId>foobar</artifactId>",
				"<version>0.1.0-SNAPSHOT</version>");
	}

	private Map<String, Map<String, Object>> services() {
		@SuppressWarnings("unchecked")
		Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) this.compose.get("services");
		return services;
	}

	private static String dockerfile() {
		try {
			return Files.readString(ROOT.resolve("Dockerfile"));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object value) {
		if (value instanceof List<?> list) { // environment as a list of NAME=value
			return list.stream().map(String::valueOf).map(s -> s.split("=", 2))
				.collect(java.util.stream.Collectors.toMap(p -> p[0], p -> p.length > 1 ? p[1] : ""));
		}
		return (value != null) ? (Map<String, Object>) value : Map.of();
	}

	@SuppressWarnings("unchecked")
	static List<String> strings(Object value) {
		if (value instanceof Map<?, ?> map) {
			return List.copyOf((Set<String>) map.keySet());
		}
		return (value != null) ? (List<String>) value : List.of();
	}

	static Map<String, Object> load() {
		try {
			return new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
