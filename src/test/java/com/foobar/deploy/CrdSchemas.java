package com.foobar.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.yaml.snakeyaml.Yaml;

import static com.foobar.deploy.ComposeTests.map;

/**
 * The CustomResourceDefinitions in schemas/k8s/, and a validator for their openAPIV3Schema as the API server
 * applies it, with one difference: a field the schema does not define is an error here (the API server would drop
 * it without a word, so a typo would silently do nothing). CEL rules (x-kubernetes-validations) are not evaluated.
 */
final class CrdSchemas {

	private static final Path DIR = Path.of("").toAbsolutePath().resolve("schemas/k8s");

	/** "group/version Kind" to the schema of that version. */
	private final Map<String, Map<String, Object>> schemas = new HashMap<>();

	CrdSchemas() {
		try (Stream<Path> files = Files.list(DIR)) {
			for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
				Map<String, Object> crd = map(new Yaml().load(Files.readString(file)));
				Map<String, Object> spec = map(crd.get("spec"));
				String kind = (String) map(spec.get("names")).get("kind");
				for (Object version : (List<?>) spec.get("versions")) {
					Map<String, Object> v = map(version);
					this.schemas.put(spec.get("group") + "/" + v.get("name") + " " + kind,
							map(map(v.get("schema")).get("openAPIV3Schema")));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	boolean defines(Map<String, Object> object) {
		return this.schemas.containsKey(object.get("apiVersion") + " " + object.get("kind"));
	}

	/** The errors of object against its CRD; metadata is left to Kubernetes' own ObjectMeta. */
	void validate(Map<String, Object> object, List<String> errors) {
		Map<String, Object> schema = this.schemas.get(object.get("apiVersion") + " " + object.get("kind"));
		Map<String, Object> properties = map(schema.get("properties"));
		for (Map.Entry<String, Object> field : object.entrySet()) {
			if (field.getKey().equals("metadata")) {
				continue;
			}
			if (!properties.containsKey(field.getKey())) {
				errors.add(field.getKey() + ": unknown field");
				continue;
			}
			check(field.getValue(), map(properties.get(field.getKey())), field.getKey(), errors);
		}
	}

	private static void check(Object value, Map<String, Object> schema, String path, List<String> errors) {
		if (value == null) {
			if (!Boolean.TRUE.equals(schema.get("nullable"))) {
				errors.add(path + ": null");
			}
			return;
		}
		for (String combinator : List.of("anyOf", "oneOf")) {
			if (schema.get(combinator) instanceof List<?> branches
					&& branches.stream().noneMatch(b -> errorsOf(value, map(b), path).isEmpty())) {
				errors.add(path + ": matches none of " + combinator + " " + branches);
			}
		}
		if (schema.get("allOf") instanceof List<?> all) {
			all.forEach(branch -> check(value, map(branch), path, errors));
		}
		if (Boolean.TRUE.equals(schema.get("x-kubernetes-int-or-string"))) {
			if (!(value instanceof Integer || value instanceof Long || value instanceof String)) {
				errors.add(path + ": neither an integer nor a string");
			}
			return;
		}
		Object type = schema.get("type");
		if (type != null && !hasType(value, (String) type)) {
			errors.add(path + ": " + value.getClass().getSimpleName() + " where the schema wants " + type);
			return;
		}
		if (schema.get("enum") instanceof List<?> allowed && allowed.stream().noneMatch(a -> a.toString().equals(value.toString()))) {
			errors.add(path + ": " + value + " is not one of " + allowed);
		}
		if (value instanceof String text) {
			if (schema.get("pattern") instanceof String pattern && !Pattern.compile(pattern).matcher(text).find()) {
				errors.add(path + ": \"" + text + "\" does not match " + pattern);
			}
			if (schema.get("maxLength") instanceof Integer max && text.length() > max) {
				errors.add(path + ": longer than " + max);
			}
			if (schema.get("minLength") instanceof Integer min && text.length() < min) {
				errors.add(path + ": shorter than " + min);
			}
		}
		if (value instanceof Number number) {
			if (schema.get("minimum") instanceof Number min && number.doubleValue() < min.doubleValue()) {
				errors.add(path + ": below " + min);
			}
			if (schema.get("maximum") instanceof Number max && number.doubleValue() > max.doubleValue()) {
				errors.add(path + ": above " + max);
			}
		}
		if (value instanceof List<?> list) {
			if (schema.get("minItems") instanceof Integer min && list.size() < min) {
				errors.add(path + ": fewer than " + min + " items");
			}
			if (schema.get("maxItems") instanceof Integer max && list.size() > max) {
				errors.add(path + ": more than " + max + " items");
			}
			if (schema.get("items") instanceof Map<?, ?> items) {
				for (int i = 0; i < list.size(); i++) {
					check(list.get(i), map(items), path + "[" + i + "]", errors);
				}
			}
		}
		if (value instanceof Map<?, ?> fields) {
			checkObject(map(fields), schema, path, errors);
		}
	}

	private static void checkObject(Map<String, Object> fields, Map<String, Object> schema, String path, List<String> errors) {
		Map<String, Object> properties = map(schema.get("properties"));
		if (schema.get("required") instanceof List<?> required) {
			required.stream().filter(r -> !fields.containsKey(r)).forEach(r -> errors.add(path + "." + r + ": required"));
		}
		boolean preserve = Boolean.TRUE.equals(schema.get("x-kubernetes-preserve-unknown-fields"));
		Object additional = schema.get("additionalProperties");
		for (Map.Entry<String, Object> field : fields.entrySet()) {
			String at = path + "." + field.getKey();
			if (properties.containsKey(field.getKey())) {
				check(field.getValue(), map(properties.get(field.getKey())), at, errors);
			}
			else if (additional instanceof Map<?, ?> values) {
				check(field.getValue(), map(values), at, errors);
			}
			else if (!preserve && !Boolean.TRUE.equals(additional)) {
				errors.add(at + ": unknown field");
			}
		}
	}

	private static List<String> errorsOf(Object value, Map<String, Object> schema, String path) {
		List<String> errors = new java.util.ArrayList<>();
		check(value, schema, path, errors);
		return errors;
	}

	private static boolean hasType(Object value, String type) {
		return switch (type) {
			case "object" -> value instanceof Map;
			case "array" -> value instanceof List;
			case "string" -> value instanceof String;
			case "integer" -> value instanceof Integer || value instanceof Long;
			case "number" -> value instanceof Number;
			case "boolean" -> value instanceof Boolean;
			default -> false;
		};
	}

}
