package com.foobar.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The objects of one overlay of k8s/, as `kubectl kustomize` renders them (what `kubectl apply -k` applies). */
final class K8sManifests {

	static final List<String> OVERLAYS = List.of("local", "production", "ha");

	private static final Path ROOT = Path.of("").toAbsolutePath();

	private K8sManifests() {
	}

	static List<Map<String, Object>> render(String overlay) {
		Path dir = ROOT.resolve("k8s/overlays").resolve(overlay);
		try {
			Process kubectl = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(false).start();
			byte[] out = kubectl.getInputStream().readAllBytes();
			String err = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!kubectl.waitFor(60, TimeUnit.SECONDS) || kubectl.exitValue() != 0) {
				throw new IllegalStateException("kubectl kustomize " + dir + " failed: " + err);
			}
			List<Map<String, Object>> objects = new ArrayList<>();
			for (Object document : new Yaml(new LoaderOptions()).loadAll(new String(out, StandardCharsets.UTF_8))) {
				if (document != null) {
					objects.add(ComposeTests.map(document));
				}
			}
			return objects;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("kubectl is needed (bin/foobar test installs it): " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static String kind(Map<String, Object> object) {
		return (String) object.get("kind");
	}

	static String name(Map<String, Object> object) {
		return (String) ComposeTests.map(object.get("metadata")).get("name");
	}

	static String id(Map<String, Object> object) {
		return kind(object) + " " + name(object);
	}

	static List<Map<String, Object>> ofKind(List<Map<String, Object>> objects, String kind) {
		return objects.stream().filter(o -> kind.equals(kind(o))).toList();
	}

	static Map<String, Object> one(List<Map<String, Object>> objects, String kind, String name) {
		return objects.stream()
			.filter(o -> kind.equals(kind(o)) && name.equals(name(o)))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + kind + " " + name));
	}

	/** Follows a path of map keys; null where any step is missing. */
	static Object at(Object node, String... keys) {
		Object current = node;
		for (String key : keys) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = map.get(key);
		}
		return current;
	}

	/** Calls visit with every map anywhere inside node (node included). */
	static void eachMap(Object node, Consumer<Map<String, Object>> visit) {
		if (node instanceof Map<?, ?> map) {
			visit.accept(ComposeTests.map(map));
			map.values().forEach(value -> eachMap(value, visit));
		}
		else if (node instanceof List<?> list) {
			list.forEach(item -> eachMap(item, visit));
		}
	}

}
