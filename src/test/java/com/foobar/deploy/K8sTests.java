package com.foobar.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.yaml.snakeyaml.Yaml;

import static com.foobar.deploy.ComposeTests.map;
import static com.foobar.deploy.ComposeTests.strings;
import static com.foobar.deploy.K8sManifests.at;
import static com.foobar.deploy.K8sManifests.id;
import static com.foobar.deploy.K8sManifests.kind;
import static com.foobar.deploy.K8sManifests.ofKind;
import static com.foobar.deploy.K8sManifests.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What can be proven of k8s/ without a Kubernetes API server: every overlay renders with kustomize; every object
 * parses strictly against Kubernetes' object model (fabric8's) or its operator's CRD schema, unknown fields being
 * errors; the NetworkPolicies let through exactly what firewall/connections.tsv says; and the manifests use the
 * images, config files and database accounts of the other run modes.
 */
class K8sTests {

	private static final Path ROOT = Path.of("").toAbsolutePath();

	static final List<String> OVERLAYS = K8sManifests.OVERLAYS;

	private static final Map<String, Class<?>> CORE_KINDS = Map.ofEntries(
			Map.entry("v1 Namespace", Namespace.class), Map.entry("v1 Service", Service.class),
			Map.entry("v1 ConfigMap", ConfigMap.class), Map.entry("v1 Secret", Secret.class),
			Map.entry("v1 ServiceAccount", ServiceAccount.class), Map.entry("apps/v1 Deployment", Deployment.class),
			Map.entry("policy/v1 PodDisruptionBudget", PodDisruptionBudget.class),
			Map.entry("autoscaling/v2 HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
			Map.entry("networking.k8s.io/v1 NetworkPolicy", NetworkPolicy.class),
			Map.entry("rbac.authorization.k8s.io/v1 Role", Role.class),
			Map.entry("rbac.authorization.k8s.io/v1 RoleBinding", RoleBinding.class));

	/** fabric8's classes keep unknown fields in a catch-all map; without it, an unknown field is an error. */
	private static final ObjectMapper STRICT = new ObjectMapper()
		.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
		.setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
			@Override
			public Boolean hasAnySetter(Annotated annotated) {
				return false;
			}
		});

	private static final CrdSchemas CRDS = new CrdSchemas();

	private static final Map<String, List<Map<String, Object>>> RENDERED = new HashMap<>();

	private static List<Map<String, Object>> rendered(String overlay) {
		return RENDERED.computeIfAbsent(overlay, K8sManifests::render);
	}

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void everyObjectParsesStrictlyAgainstKubernetesOrItsCrd(String overlay) {
		List<Map<String, Object>> objects = rendered(overlay);
		assertThat(objects).hasSizeGreaterThan(40);
		List<String> errors = new ArrayList<>();
		for (Map<String, Object> object : objects) {
			errors.addAll(strictErrors(object).stream().map(e -> overlay + ": " + id(object) + ": " + e).toList());
		}
		assertThat(errors).isEmpty();
	}

	/** The checker itself: a misspelt field fails it, in a core kind and in a custom resource. */
	@Test
	void aMisspeltFieldIsAnError() {
		Map<String, Object> deployment = copy(one(rendered("local"), "Deployment", "foobar-app"));
		map(at(deployment, "spec", "template", "spec")).put("terminationGracePeriod", 60);
		assertThat(strictErrors(deployment)).singleElement().asString().contains("terminationGracePeriod");
		Map<String, Object> mariadb = copy(one(rendered("local"), "MariaDB", "foobar-db"));
		map(at(mariadb, "spec", "replication")).put("semiSyncWaitpoint", "AfterSync");
		map(at(mariadb, "spec", "replication")).put("semiSyncWaitPoint", "AFTER_SYNC");
		assertThat(strictErrors(mariadb)).hasSize(2).anyMatch(e -> e.contains("semiSyncWaitpoint: unknown field"))
			.anyMatch(e -> e.contains("AFTER_SYNC is not one of"));
		assertThatThrownBy(() -> STRICT.convertValue(Map.of("kind", "Namespace", "metadta", Map.of()), Namespace.class))
			.hasMessageContaining("metadta");
	}

	private static List<String> strictErrors(Map<String, Object> object) {
		String type = object.get("apiVersion") + " " + kind(object);
		List<String> errors = new ArrayList<>();
		try {
			if (CORE_KINDS.containsKey(type)) {
				STRICT.convertValue(object, CORE_KINDS.get(type));
			}
			else if (CRDS.defines(object)) {
				STRICT.convertValue(object.get("metadata"), ObjectMeta.class);
				CRDS.validate(object, errors);
			}
			else {
				errors.add("neither a kind of Kubernetes' model here nor one with a CRD in schemas/k8s: " + type);
			}
		}
		catch (IllegalArgumentException ex) {
			errors.add(ex.getMessage());
		}
		return errors;
	}

	@Test
	void theBaseCopiesOfConfigFilesAndRulesAreCurrent() throws IOException {
		Path files = ROOT.resolve("k8s/base/files");
		List<Path> copies;
		try (Stream<Path> walk = Files.walk(files)) {
			copies = walk.filter(Files::isRegularFile).toList();
		}
		assertThat(copies).hasSizeGreaterThan(10);
		for (Path copy : copies) {
			Path original = ROOT.resolve(files.relativize(copy).toString());
			assertThat(copy).as("stale: run bin/foobar k8s sync").hasSameBinaryContentAs(original);
		}
		Map<String, Object> rules = new Yaml().load(Files.readString(ROOT.resolve("prometheus/rules/foobar.rules.yml")));
		Map<String, Object> rule = new Yaml().load(Files.readString(ROOT.resolve("k8s/base/prometheus-rules.yaml")));
		assertThat(rule.get("spec")).as("stale: run bin/foobar k8s sync").isEqualTo(rules);
	}

	/**
	 * firewall/connections.tsv, row by row. Operators' paths (admin) are kubectl port-forward here, which the API
	 * server carries and no NetworkPolicy governs: those rows are the nftables test's only.
	 */
	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void networkPoliciesLetThroughWhatTheFirewallTableSays(String overlay) throws IOException {
		List<Map<String, Object>> objects = rendered(overlay);
		NetworkPolicies policies = new NetworkPolicies(ofKind(objects, "NetworkPolicy"));
		Map<String, List<NetworkPolicies.Peer>> pods = podsByRole(objects);
		assertThat(pods).containsOnlyKeys("edge", "app", "db", "monitoring");
		int rows = 0;
		List<String> wrong = new ArrayList<>();
		for (String line : Files.readAllLines(ROOT.resolve("firewall/connections.tsv"))) {
			String[] row = line.split("\t");
			if (line.startsWith("#") || row.length != 4 || row[0].equals("admin")) {
				continue;
			}
			rows++;
			List<NetworkPolicies.Peer> from = row[0].equals("world") ? List.of(NetworkPolicies.Peer.OUTSIDE) : pods.get(row[0]);
			int port = Integer.parseInt(row[2]);
			boolean open = from.stream().anyMatch(f -> pods.get(row[1]).stream().anyMatch(t -> policies.allows(f, t, port)));
			if (open != row[3].equals("open")) {
				wrong.add(line + " (the policies say " + (open ? "open" : "closed") + ")");
			}
		}
		assertThat(rows).isGreaterThan(15);
		assertThat(wrong).isEmpty();
		// Everything else is closed: the first policy selects every pod both ways and allows nothing.
		Map<String, Object> deny = one(objects, "NetworkPolicy", "default-deny");
		assertThat(at(deny, "spec", "podSelector")).isEqualTo(Map.of());
		assertThat(strings(at(deny, "spec", "policyTypes"))).containsExactlyInAnyOrder("Ingress", "Egress");
		assertThat(map(deny.get("spec"))).doesNotContainKeys("ingress", "egress");
	}

	/** Each pod as its labels: the Deployments' templates and the operators' pods (their documented labels). */
	private static Map<String, List<NetworkPolicies.Peer>> podsByRole(List<Map<String, Object>> objects) {
		Map<String, Object> namespace = new HashMap<>(map(at(one(objects, "Namespace", "foobar"), "metadata", "labels")));
		namespace.put("kubernetes.io/metadata.name", "foobar");
		Map<String, List<NetworkPolicies.Peer>> pods = new TreeMap<>();
		BiConsumer<Map<String, Object>, Map<String, Object>> add = (labels, operatorLabels) -> {
			Map<String, Object> all = new HashMap<>(labels);
			all.putAll(operatorLabels);
			assertThat(all).as("every pod has a role: " + all).containsKey("foobar.com/role");
			pods.computeIfAbsent((String) all.get("foobar.com/role"), r -> new ArrayList<>())
				.add(new NetworkPolicies.Peer(all, namespace));
		};
		ofKind(objects, "Deployment").forEach(d -> add.accept(map(at(d, "spec", "template", "metadata", "labels")), Map.of()));
		for (String operated : List.of("MariaDB", "Prometheus", "Alertmanager")) {
			for (Map<String, Object> resource : ofKind(objects, operated)) {
				String name = operated.equals("MariaDB") ? "mariadb" : operated.toLowerCase();
				add.accept(map(at(resource, "spec", "podMetadata", "labels")),
						Map.of("app.kubernetes.io/name", name, "app.kubernetes.io/instance", K8sManifests.name(resource)));
			}
		}
		return pods;
	}

	/** The pods this tree defines meet the "restricted" Pod Security Standard and see no Kubernetes they need not. */
	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void podsRunRestrictedWithSecretsAsFilesOnly(String overlay) {
		List<Map<String, Object>> objects = rendered(overlay);
		for (Map<String, Object> deployment : ofKind(objects, "Deployment")) {
			Map<String, Object> pod = map(at(deployment, "spec", "template", "spec"));
			String name = overlay + ": " + id(deployment);
			assertThat(at(pod, "securityContext", "runAsNonRoot")).as(name).isEqualTo(true);
			assertThat(at(pod, "securityContext", "seccompProfile", "type")).as(name).isEqualTo("RuntimeDefault");
			assertThat(pod).as(name).containsEntry("automountServiceAccountToken", false).containsEntry("enableServiceLinks", false);
			for (Object container : (List<?>) pod.get("containers")) {
				assertThat(at(container, "securityContext", "allowPrivilegeEscalation")).as(name).isEqualTo(false);
				assertThat(at(container, "securityContext", "readOnlyRootFilesystem")).as(name).isEqualTo(true);
				assertThat(strings(at(container, "securityContext", "capabilities", "drop"))).as(name).containsExactly("ALL");
				assertThat(at(container, "resources", "limits", "memory")).as(name).isNotNull();
			}
		}
		for (String operated : List.of("MariaDB", "Prometheus", "Alertmanager")) {
			Map<String, Object> resource = ofKind(objects, operated).getFirst();
			Object context = at(resource, "spec", operated.equals("MariaDB") ? "podSecurityContext" : "securityContext");
			assertThat(at(context, "runAsNonRoot")).as(operated).isEqualTo(true);
			assertThat(at(context, "seccompProfile", "type")).as(operated).isEqualTo("RuntimeDefault");
		}
		// No secret in an environment variable, in any container of any object: where one is named, it is a path.
		K8sManifests.eachMap(objects, node -> {
			assertThat(node).doesNotContainKey("secretKeyRef");
			if (node.get("name") instanceof String var && node.get("value") instanceof String value
					&& var.matches("(?i).*(password|secret|token).*")) {
				assertThat(value).as("environment variable " + var).startsWith("/");
			}
		});
	}

	/**
	 * Every secret a pod or resource refers to comes from somewhere that is not this tree: cert-manager (a
	 * Certificate's secretName), an operator that generates it, `bin/foobar k8s secrets`, or kustomize's generator
	 * (which holds no secret). No pod mounts a CA's secret, which holds the CA's key.
	 */
	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void everySecretIsGeneratedAtDeployTimeAndNoPodSeesACaKey(String overlay) throws IOException {
		List<Map<String, Object>> objects = rendered(overlay);
		Set<String> produced = new TreeSet<>();
		Set<String> caSecrets = new TreeSet<>();
		for (Map<String, Object> certificate : ofKind(objects, "Certificate")) {
			produced.add((String) at(certificate, "spec", "secretName"));
			if (Boolean.TRUE.equals(at(certificate, "spec", "isCA"))) {
				caSecrets.add((String) at(certificate, "spec", "secretName"));
			}
		}
		ofKind(objects, "Secret").forEach(secret -> produced.add(K8sManifests.name(secret)));
		Matcher created = Pattern.compile("(?m)^  k8s_secret (\\S+) ").matcher(Files.readString(ROOT.resolve("bin/lib/k8s.sh")));
		while (created.find()) {
			produced.add(created.group(1));
		}
		Set<String> referenced = new TreeSet<>();
		Set<String> mounted = new TreeSet<>();
		K8sManifests.eachMap(objects, node -> node.forEach((key, value) -> {
			if (key.endsWith("SecretKeyRef") || key.endsWith("SecretRef")) {
				referenced.add((String) map(value).get("name"));
				if (Boolean.TRUE.equals(map(value).get("generate"))) {
					produced.add((String) map(value).get("name"));
				}
			}
			else if (key.equals("secret") && value instanceof Map<?, ?> ref) {
				String name = (String) (ref.containsKey("secretName") ? ref.get("secretName") : ref.get("name"));
				referenced.add(name);
				mounted.add(name);
			}
			else if (key.equals("configSecret")) {
				referenced.add((String) value);
			}
		}));
		ofKind(objects, "Issuer").forEach(issuer -> {
			if (at(issuer, "spec", "ca", "secretName") instanceof String ca) {
				referenced.add(ca);
			}
		});
		assertThat(referenced).hasSizeGreaterThan(10);
		assertThat(produced).containsAll(referenced);
		assertThat(caSecrets).hasSizeGreaterThanOrEqualTo(2).doesNotContainAnyElementsOf(mounted);
	}

	/** Each overlay is what its name says. */
	@Test
	void overlaysDifferWhereTheySayTheyDo() {
		Map<String, Object> local = one(rendered("local"), "MariaDB", "foobar-db");
		Map<String, Object> ha = one(rendered("ha"), "MariaDB", "foobar-db");
		assertThat(at(local, "spec", "replicas")).isEqualTo(2);
		assertThat(at(local, "spec", "replication", "primary", "autoFailover")).isEqualTo(false);
		assertThat(at(ha, "spec", "replicas")).isEqualTo(3);
		assertThat(at(ha, "spec", "replication", "primary", "autoFailover")).isEqualTo(true);
		assertThat(at(one(rendered("production"), "Certificate", "foobar-edge-tls"), "spec", "issuerRef", "kind"))
			.isEqualTo("ClusterIssuer");
		assertThat(at(one(rendered("local"), "Certificate", "foobar-edge-tls"), "spec", "issuerRef", "name"))
			.isEqualTo("foobar-edge-ca");
		assertThat(at(one(rendered("production"), "Service", "foobar-edge"), "spec", "externalTrafficPolicy")).isEqualTo("Local");
		for (String overlay : OVERLAYS) {
			Map<String, Object> app = one(rendered(overlay), "Deployment", "foobar-app");
			assertThat(at(app, "spec", "replicas")).isEqualTo(3);
			assertThat(at(one(rendered(overlay), "HorizontalPodAutoscaler", "foobar-app"), "spec", "minReplicas")).isEqualTo(3);
			Object container = ((List<?>) at(app, "spec", "template", "spec", "containers")).getFirst();
			// Reads go on without the writer: the probe that takes a pod out of rotation does not ask for it.
			assertThat(at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/serving");
			assertThat(at(container, "readinessProbe", "httpGet", "port")).isEqualTo("management");
			assertThat(at(container, "lifecycle", "preStop", "sleep", "seconds")).isEqualTo(10);
		}
	}

	/**
	 * The images of docker-compose.yml, but for the database, which mariadb-operator runs on MariaDB (the engine of
	 * bin/foobar); compose's init service, node exporter and blackbox have no counterpart here (docs/kubernetes.md).
	 */
	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void theImagesAreComposes(String overlay) {
		Set<String> compose = new TreeSet<>();
		K8sManifests.eachMap(ComposeTests.load().get("services"), node -> {
			if (node.get("image") instanceof String image) {
				compose.add(image);
			}
		});
		Set<String> k8s = new TreeSet<>();
		K8sManifests.eachMap(rendered(overlay), node -> {
			if (node.get("image") instanceof String image) {
				k8s.add(image);
			}
		});
		Set<String> mariadb = Set.of("mariadb:11.4.5");
		assertThat(k8s).containsAll(mariadb);
		k8s.removeAll(mariadb);
		assertThat(compose).containsAll(k8s);
		compose.removeAll(k8s);
		assertThat(compose).allMatch(image -> image.matches("(mysql|foobar/init|prom/node-exporter|prom/blackbox-exporter):.*"),
				"only the database, init, node exporter and blackbox are compose's own");
	}

	/** The files compose mounts from nginx/, grafana/ and alertmanager/, but for those that have no use here. */
	@Test
	void theConfigFilesAreComposes() {
		Set<String> copied = new TreeSet<>();
		for (String path : ParityTests.files("k8s/base/files")) {
			copied.add(path.substring("k8s/base/files/".length()));
		}
		Set<String> notHere = Set.of(
				"nginx/templates/app-upstream.conf.template", // k8s finds its pods by DNS: nginx/k8s/
				"nginx/templates/grafana.conf.template"); // Grafana through kubectl port-forward
		for (String file : ParityTests.usedByCompose()) {
			if (file.matches("(nginx|grafana|alertmanager)/.*") && !notHere.contains(file)) {
				assertThat(copied).as(file).contains(file);
			}
		}
		assertThat(copied).contains("nginx/k8s/app-upstream.conf.template", "config/k8s.env");
	}

	/** The accounts and grants of mysql/mariadb/accounts.sql, but for replication's, which the operator owns. */
	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void theDatabaseAccountsAreThoseOfTheOtherRunModes(String overlay) throws IOException {
		String sql = Files.readString(ROOT.resolve("mysql/mariadb/accounts.sql")).replace("`${DB_NAME}`", "foobar");
		Map<String, Set<String>> expected = new TreeMap<>();
		Matcher grant = Pattern.compile("GRANT ([A-Z ,]+?)\\s+ON (\\S+) TO '(\\w+)'@'%'").matcher(sql);
		while (grant.find()) {
			for (String privilege : grant.group(1).split(",\\s*")) {
				expected.computeIfAbsent(grant.group(3), u -> new TreeSet<>()).add(privilege.trim() + " ON " + grant.group(2));
			}
		}
		Matcher revoke = Pattern.compile("REVOKE ALL PRIVILEGES ON (\\S+) FROM '(\\w+)'@'%'").matcher(sql);
		while (revoke.find()) {
			String on = " ON " + revoke.group(1);
			expected.get(revoke.group(2)).removeIf(privilege -> privilege.endsWith(on));
		}
		Set<String> grantors = new TreeSet<>();
		Matcher withGrantOption = Pattern.compile("TO '(\\w+)'@'%' WITH GRANT OPTION").matcher(sql);
		while (withGrantOption.find()) {
			grantors.add(withGrantOption.group(1));
		}
		expected.remove("foobar_repl");
		List<Map<String, Object>> objects = rendered(overlay);
		Map<String, Set<String>> actual = new TreeMap<>();
		for (Map<String, Object> g : ofKind(objects, "Grant")) {
			assertThat(at(g, "spec", "host")).isEqualTo("%");
			for (String privilege : strings(at(g, "spec", "privileges"))) {
				actual.computeIfAbsent((String) at(g, "spec", "username"), u -> new TreeSet<>())
					.add(privilege + " ON " + at(g, "spec", "database") + "." + at(g, "spec", "table"));
			}
		}
		assertThat(expected).hasSize(3);
		assertThat(actual).isEqualTo(expected);
		Set<String> k8sGrantors = ofKind(objects, "Grant").stream()
			.filter(g -> Boolean.TRUE.equals(at(g, "spec", "grantOption")))
			.map(g -> (String) at(g, "spec", "username"))
			.collect(Collectors.toCollection(TreeSet::new));
		assertThat(k8sGrantors).isEqualTo(grantors).containsExactly("foobar_migrate");
		Map<String, Map<String, Object>> users = new LinkedHashMap<>();
		ofKind(objects, "User").forEach(u -> users.put((String) at(u, "spec", "name"), map(u.get("spec"))));
		assertThat(users).containsOnlyKeys(expected.keySet());
		users.forEach((name, user) -> {
			// Its own certificate from the db-client CA as well as its password, as in the other run modes.
			assertThat(at(user, "require", "subject")).as(name).isEqualTo("/CN=" + name);
			assertThat(at(user, "require", "issuer")).as(name).isEqualTo("/CN=foobar.com db-client hop CA");
			assertThat(ofKind(objects, "Certificate")).as(name + "'s certificate")
				.anyMatch(c -> name.equals(at(c, "spec", "commonName"))
						&& "foobar-db-client-ca".equals(at(c, "spec", "issuerRef", "name")));
			Matcher limit = Pattern.compile("'" + name + "'@'%'[^;]*MAX_USER_CONNECTIONS (\\d+)").matcher(sql);
			assertThat(user.get("maxUserConnections")).as(name).isEqualTo(limit.find() ? Integer.valueOf(limit.group(1)) : null);
		});
	}

	/** The server settings mysql/mariadb/common.cnf also sets have its values; replication means the same. */
	@Test
	void theDatabaseServerIsConfiguredAsBinFoobarsIs() throws IOException {
		Map<String, String> common = cnf(Files.readString(ROOT.resolve("mysql/mariadb/common.cnf")));
		Map<String, Object> spec = map(one(rendered("local"), "MariaDB", "foobar-db").get("spec"));
		Map<String, String> k8s = cnf((String) spec.get("myCnf"));
		assertThat(k8s).hasSizeGreaterThan(5);
		assertThat(common).containsAllEntriesOf(k8s);
		assertThat(common).containsEntry("gtid_strict_mode", "ON").containsEntry("rpl_semi_sync_master_wait_point", "AFTER_SYNC")
			.containsEntry("rpl_semi_sync_master_timeout", "1000").containsEntry("require_secure_transport", "ON");
		assertThat(at(spec, "replication", "gtidStrictMode")).isEqualTo(true);
		assertThat(at(spec, "replication", "semiSyncEnabled")).isEqualTo(true);
		assertThat(at(spec, "replication", "semiSyncWaitPoint")).isEqualTo("AfterSync");
		assertThat(at(spec, "replication", "semiSyncAckTimeout")).isEqualTo("1s");
		assertThat(at(spec, "tls", "required")).isEqualTo(true);
	}

	private static Map<String, String> cnf(String text) {
		Map<String, String> settings = new TreeMap<>();
		for (String line : text.lines().map(String::strip).toList()) {
			if (line.isEmpty() || line.startsWith("#") || line.startsWith("[")) {
				continue;
			}
			String[] pair = line.split("\\s*=\\s*", 2);
			settings.put(pair[0].replace('-', '_'), (pair.length > 1) ? pair[1] : "ON");
		}
		return settings;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> copy(Map<String, Object> object) {
		return (Map<String, Object>) new Yaml().load(new Yaml().dump(object));
	}

}
