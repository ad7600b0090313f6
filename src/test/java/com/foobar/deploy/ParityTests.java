package com.foobar.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One tree of configuration serves both ways of running the stack. Fails when a file under nginx/, prometheus/,
 * grafana/, alertmanager/ or blackbox/ is used by docker-compose.yml but not by bin/foobar, or the other way round;
 * mysql/ holds one directory per engine, each used by its own side, with the same files and accounts.
 */
class ParityTests {

	private static final Path ROOT = Path.of("").toAbsolutePath();

	private static final List<String> SHARED = List.of("nginx", "prometheus", "grafana", "alertmanager", "blackbox");

	private static final Pattern SCRIPT_PATH = Pattern.compile("\\$\\{?(?:FOOBAR_)?ROOT}?\"?/((?:nginx|prometheus|grafana|alertmanager|blackbox|mysql)/[^\"\\s);]*)");

	@Test
	void composeAndBinFoobarUseTheSameSharedFiles() {
		Set<String> local = usedByScripts(false);
		Set<String> compose = usedByCompose();
		for (String dir : SHARED) {
			for (String file : files(dir)) {
				if (file.startsWith("nginx/k8s/")) {
					continue; // Kubernetes' own (K8sTests)
				}
				assertThat(local).as("bin/foobar uses " + file).contains(file);
				assertThat(compose).as("docker-compose.yml uses " + file).contains(file);
			}
		}
	}

	@Test
	void eachDatabaseEngineHasTheSameRolesAndAccounts() throws IOException {
		Set<String> local = usedByScripts(false);
		Set<String> compose = usedByCompose();
		assertThat(local).containsAll(files("mysql/mariadb"));
		assertThat(compose).containsAll(files("mysql/mysql84"));
		for (String role : List.of("primary.cnf", "replica.cnf")) {
			assertThat(ROOT.resolve("mysql/mariadb/" + role)).exists();
			assertThat(ROOT.resolve("mysql/mysql84/" + role)).exists();
		}
		String mariadb = Files.readString(ROOT.resolve("mysql/mariadb/accounts.sql"));
		String mysql = Files.readString(ROOT.resolve("mysql/mysql84/initdb/10-foobar.sh"));
		// Each account needs its own certificate from the db-client CA (bin/lib/pki.sh names it), on both engines.
		for (String account : List.of("foobar_repl", "foobar_migrate", "foobar_app", "foobar_exporter")) {
			String certificate = "REQUIRE SUBJECT '/CN=" + account + "' AND ISSUER '";
			assertThat(mariadb).contains("'" + account + "'@'%'").contains(certificate + "${CLIENT_CA}'");
			assertThat(mysql).contains("'" + account + "'@'%'").contains(certificate + "$CLIENT_CA'");
		}
		assertThat(mariadb + mysql).doesNotContain("REQUIRE SSL");
		assertThat(mysql).contains("CLIENT_CA='/CN=foobar.com db-client hop CA'");
		assertThat(Files.readString(ROOT.resolve("bin/lib/pki.sh"))).contains("-subj \"/CN=foobar.com $hop hop CA\"")
			.containsPattern("for ca in [a-z -]*db-client[a-z -]*; do");
		assertThat(mariadb + mysql).doesNotContainPattern("IDENTIFIED BY '[^$]");
		// Passwords never reach a binlog: each engine's accounts are created with it off, before the first account.
		assertThat(mariadb.indexOf("SET SESSION sql_log_bin = 0;")).isNotNegative().isLessThan(mariadb.indexOf("CREATE USER"));
		assertThat(mysql.indexOf("SET SQL_LOG_BIN=0;")).isNotNegative().isLessThan(mysql.indexOf("CREATE USER"));
	}

	/**
	 * One file of addresses and paths per run mode (config/native.env, config/compose.env) with the same keys, and
	 * every shared template reads only those keys; compose hands the same file to the containers that render them.
	 */
	@Test
	void eachRunModeHasOneFileOfAddressesWithTheSameKeysThatEveryTemplateReads() throws IOException {
		Set<String> nativeKeys = keys("config/native.env");
		Set<String> composeKeys = keys("config/compose.env");
		assertThat(nativeKeys).hasSizeGreaterThan(20).isEqualTo(composeKeys);
		Pattern variable = Pattern.compile("\\$\\{(FOOBAR_[A-Z0-9_]+)}");
		int templates = 0;
		for (String dir : List.of("nginx/templates", "prometheus", "blackbox", "grafana/provisioning")) {
			for (String file : files(dir)) {
				if (!file.endsWith(".template") && !dir.startsWith("grafana")) {
					continue;
				}
				templates++;
				Matcher used = variable.matcher(Files.readString(ROOT.resolve(file)));
				while (used.find()) {
					assertThat(composeKeys).as(file + " reads " + used.group(1)).contains(used.group(1));
				}
			}
		}
		assertThat(templates).isGreaterThanOrEqualTo(5);
		@SuppressWarnings("unchecked")
		Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) ComposeTests.load().get("services");
		for (String renders : List.of("nginx", "grafana")) {
			assertThat(ComposeTests.strings(services.get(renders).get("env_file"))).as(renders).contains("config/compose.env");
		}
		assertThat(Files.readString(ROOT.resolve("bin/lib/compose-init.sh"))).contains("config/compose.env");
		assertThat(Files.readString(ROOT.resolve("bin/lib/stack-config.sh"))).contains("config/native.env");
	}

	private static Set<String> keys(String file) throws IOException {
		Set<String> keys = new TreeSet<>();
		for (String line : Files.readAllLines(ROOT.resolve(file))) {
			Matcher key = Pattern.compile("^([A-Z][A-Z0-9_]*)=").matcher(line);
			if (key.find()) {
				assertThat(keys.add(key.group(1))).as(file + " sets " + key.group(1) + " once").isTrue();
			}
		}
		return keys;
	}

	/**
	 * Files the shell side reads: bin/foobar's libraries (except the compose init service's own), the native
	 * addresses file and the supervisord templates; or, for compose, its init service's library.
	 */
	private static Set<String> usedByScripts(boolean composeInit) {
		Set<String> used = new TreeSet<>();
		try (Stream<Path> libraries = Files.list(ROOT.resolve("bin/lib"));
				Stream<Path> supervisor = Files.list(ROOT.resolve("supervisor"))) {
			List<Path> nativeFiles = Stream.concat(Stream.concat(libraries, supervisor), Stream.of(ROOT.resolve("config/native.env")))
				.toList();
			for (Path script : nativeFiles) {
				if (script.getFileName().toString().equals("compose-init.sh") != composeInit) {
					continue;
				}
				Matcher path = SCRIPT_PATH.matcher(Files.readString(script));
				while (path.find()) {
					used.addAll(expand(path.group(1).replaceAll("\\$\\{?\\w+}?", "*")));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return used;
	}

	/** Files the compose stack reads: its bind mounts, and the templates its init service renders. */
	static Set<String> usedByCompose() {
		Set<String> used = new TreeSet<>(usedByScripts(true));
		@SuppressWarnings("unchecked")
		Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) ComposeTests.load()
			.get("services");
		services.values().forEach(service -> ComposeTests.strings(service.get("volumes")).stream()
			.map(volume -> volume.split(":")[0])
			.filter(source -> source.startsWith("./"))
			.forEach(source -> used.addAll(expand(source.substring(2)))));
		return used;
	}

	/** A file, every file under a directory, or the files a glob matches; relative to the repository. */
	private static Set<String> expand(String pattern) {
		Path path = ROOT.resolve(pattern);
		if (Files.isDirectory(path)) {
			return new TreeSet<>(files(pattern));
		}
		if (!pattern.contains("*")) {
			return Files.exists(path) ? Set.of(pattern) : Set.of();
		}
		PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
		Set<String> matched = new TreeSet<>();
		for (String file : files(pattern.substring(0, pattern.indexOf('/')))) {
			if (glob.matches(Path.of(file))) {
				matched.add(file);
			}
		}
		return matched;
	}

	static List<String> files(String dir) {
		try (Stream<Path> walk = Files.walk(ROOT.resolve(dir))) {
			return walk.filter(Files::isRegularFile).map(f -> ROOT.relativize(f).toString()).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
