package com.foobar.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.foobar.deploy.ComposeTests.map;
import static com.foobar.deploy.K8sManifests.at;

/**
 * What the NetworkPolicies of one namespace let through, as Kubernetes defines it: a connection from a pod (or from
 * outside the cluster) to a pod's port is open when the destination's ingress allows it and, for a source pod, the
 * source's egress allows it too; a pod that no policy of a direction selects is open in that direction. Ports are
 * numbers (a named port would depend on the pod), TCP unless stated.
 */
final class NetworkPolicies {

	/** A pod by its labels, in a namespace with labels; null labels: a client outside the cluster. */
	record Peer(Map<String, Object> labels, Map<String, Object> namespaceLabels) {

		static final Peer OUTSIDE = new Peer(null, null);

		boolean outside() {
			return this.labels == null;
		}

	}

	private final List<Map<String, Object>> policies;

	NetworkPolicies(List<Map<String, Object>> policies) {
		this.policies = policies;
	}

	boolean allows(Peer from, Peer to, int port) {
		return allowedBy(to, "Ingress", "from", from, port) && (from.outside() || allowedBy(from, "Egress", "to", to, port));
	}

	/** Whether the policies selecting pod in this direction let the connection with other through. */
	private boolean allowedBy(Peer pod, String type, String peersKey, Peer other, int port) {
		List<Map<String, Object>> selecting = new ArrayList<>();
		for (Map<String, Object> policy : this.policies) {
			Map<String, Object> spec = map(policy.get("spec"));
			if (ComposeTests.strings(spec.get("policyTypes")).contains(type)
					&& matches(map(spec.get("podSelector")), pod.labels())) {
				selecting.add(spec);
			}
		}
		if (selecting.isEmpty()) {
			return true;
		}
		for (Map<String, Object> spec : selecting) {
			Object rules = spec.get(type.toLowerCase());
			for (Object rule : (rules instanceof List<?> list) ? list : List.of()) {
				if (portMatches(at(rule, "ports"), port) && peerMatches(at(rule, peersKey), other)) {
					return true;
				}
			}
		}
		return false;
	}

	private static boolean portMatches(Object ports, int port) {
		if (!(ports instanceof List<?> list) || list.isEmpty()) {
			return true;
		}
		for (Object entry : list) {
			Map<String, Object> p = map(entry);
			if (!(p.get("port") instanceof Integer number)) {
				throw new AssertionError("a NetworkPolicy port is not a number: " + p);
			}
			int end = (p.get("endPort") instanceof Integer e) ? e : number;
			if ("TCP".equals(p.getOrDefault("protocol", "TCP")) && port >= number && port <= end) {
				return true;
			}
		}
		return false;
	}

	private static boolean peerMatches(Object peers, Peer other) {
		if (!(peers instanceof List<?> list) || list.isEmpty()) {
			return true;
		}
		for (Object entry : list) {
			Map<String, Object> peer = map(entry);
			if (peer.containsKey("ipBlock")) {
				// Only a client outside the cluster: pod addresses are not the policies' to name.
				if (other.outside() && "0.0.0.0/0".equals(at(peer, "ipBlock", "cidr")) && at(peer, "ipBlock", "except") == null) {
					return true;
				}
				continue;
			}
			if (other.outside()) {
				continue;
			}
			boolean namespaceOk = peer.containsKey("namespaceSelector")
					? matches(map(peer.get("namespaceSelector")), other.namespaceLabels())
					: "foobar".equals(other.namespaceLabels().get("kubernetes.io/metadata.name"));
			boolean podOk = !peer.containsKey("podSelector") || matches(map(peer.get("podSelector")), other.labels());
			if (namespaceOk && podOk) {
				return true;
			}
		}
		return false;
	}

	/** A label selector: every matchLabels pair and every matchExpressions term holds; {} selects everything. */
	static boolean matches(Map<String, Object> selector, Map<String, Object> labels) {
		for (Map.Entry<String, Object> pair : map(selector.get("matchLabels")).entrySet()) {
			if (!pair.getValue().equals(labels.get(pair.getKey()))) {
				return false;
			}
		}
		Object expressions = selector.get("matchExpressions");
		for (Object term : (expressions instanceof List<?> list) ? list : List.of()) {
			Map<String, Object> t = map(term);
			Object value = labels.get(t.get("key"));
			List<String> values = ComposeTests.strings(t.get("values"));
			boolean holds = switch ((String) t.get("operator")) {
				case "In" -> value != null && values.contains(value);
				case "NotIn" -> value == null || !values.contains(value);
				case "Exists" -> value != null;
				case "DoesNotExist" -> value == null;
				default -> throw new AssertionError("unknown selector operator " + t);
			};
			if (!holds) {
				return false;
			}
		}
		return true;
	}

}
