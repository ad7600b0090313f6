# shellcheck shell=bash
# `bin/foobar k8s ...`: the Kubernetes manifests (k8s/) kept in step with the files they are made from, rendered,
# and the secrets they need, created in the cluster at deploy time.

K8S=$ROOT/k8s
K8S_NAMESPACE=foobar

# kubectl with its built-in kustomize: the machine's, or Debian 13's kubectl package.
ensure_kubectl() {
  kubectl kustomize --help >/dev/null 2>&1 && return 0
  log "installing kubectl (Debian 13's package) into /usr/local/bin"
  trixie_binary kubectl usr/bin/kubectl /usr/local/bin/kubectl
  kubectl kustomize --help >/dev/null 2>&1 || die "kubectl kustomize does not run"
}

# Copies every file the base's generators read (k8s/base/files/PATH) from PATH in this tree, and writes the
# PrometheusRule from prometheus/rules/foobar.rules.yml.
k8s_sync() {
  local path
  while read -r path; do
    [[ -f $ROOT/$path ]] || die "k8s/base/kustomization.yaml: $path does not exist"
    install -D -m 0644 "$ROOT/$path" "$K8S/base/files/$path"
  done < <(grep -oE 'files/[^], ]+' "$K8S/base/kustomization.yaml" | sed 's|^files/||' | sort -u)
  ensure_packages python3-yaml
  /usr/bin/python3 - "$ROOT/prometheus/rules/foobar.rules.yml" "$K8S/base/prometheus-rules.yaml" <<'PY'
import sys, yaml
class Block(yaml.SafeDumper): pass
Block.add_representer(str, lambda d, s: d.represent_scalar('tag:yaml.org,2002:str', s, style='|' if '\n' in s else None))
rules = yaml.safe_load(open(sys.argv[1]))
rule = {'apiVersion': 'monitoring.coreos.com/v1', 'kind': 'PrometheusRule', 'metadata': {'name': 'foobar'}, 'spec': rules}
with open(sys.argv[2], 'w') as out:
    out.write('# Written by `bin/foobar k8s sync` from prometheus/rules/foobar.rules.yml: edit that file, not this one.\n')
    yaml.dump(rule, out, Dumper=Block, sort_keys=False, width=120)
PY
  log "k8s/base/files and k8s/base/prometheus-rules.yaml are up to date"
}

# k8s_render OVERLAY: the objects `kubectl apply -k k8s/overlays/OVERLAY` would apply.
k8s_render() {
  [[ -d $K8S/overlays/${1:-} ]] || die "k8s render needs one of: $(ls "$K8S/overlays")"
  ensure_kubectl
  kubectl kustomize "$K8S/overlays/$1"
}

# The secrets no operator generates, created in the cluster once (kubectl's current context): random, from
# files under umask 077 (never on a command line), and deleted from this machine right after. An existing
# secret is left as it is. mariadb-operator generates the root and replication passwords itself.
k8s_secrets() {
  local tmp name
  ensure_kubectl
  tmp=$(mktemp -d) && chmod 700 "$tmp"
  # shellcheck disable=SC2064 # expand now: $tmp is local
  trap "rm -rf '$tmp'" RETURN
  kubectl get namespace "$K8S_NAMESPACE" >/dev/null 2>&1 || kubectl apply -f "$K8S/base/namespace.yaml"
  for name in db-app db-migrate db-exporter truststore grafana-admin; do SECRETS=$tmp secret "$name" >/dev/null; done
  SECRETS=$tmp exporter_my_cnf localhost 3306 /run/foobar/pki/ca.crt /run/foobar/client/tls.crt \
    /run/foobar/client/tls.key >"$tmp/exporter.cnf"
  k8s_secret foobar-db-app "password=$tmp/db-app"
  k8s_secret foobar-db-migrate "password=$tmp/db-migrate"
  k8s_secret foobar-db-exporter "password=$tmp/db-exporter" "my.cnf=$tmp/exporter.cnf"
  k8s_secret foobar-truststore "password=$tmp/truststore"
  k8s_secret foobar-grafana "admin-password=$tmp/grafana-admin"
}

# k8s_secret NAME KEY=FILE...: create the generic secret NAME unless it exists.
k8s_secret() {
  local name=$1 args=() pair
  shift
  if kubectl -n "$K8S_NAMESPACE" get secret "$name" >/dev/null 2>&1; then
    log "secret $name exists; left as it is"
    return 0
  fi
  for pair in "$@"; do args+=("--from-file=$pair"); done
  kubectl -n "$K8S_NAMESPACE" create secret generic "$name" "${args[@]}" >/dev/null
  log "secret $name created"
}
