#!/usr/bin/env bash
# Renders every config as `bin/foobar up` would, into a scratch directory, and runs each one's own checker.
# The checkers name the file and line of any error.
set -Eeuo pipefail
# shellcheck source=load.sh
source "$(dirname "${BASH_SOURCE[0]}")/load.sh"

ensure_packages "${STACK_PACKAGES[@]}" python3-jsonschema python3-yaml nftables
ensure_docker # the docker client and Compose v2, for `docker compose config`
ensure_kubectl
ensure_jdk
ensure_pki
CONF=$(mktemp -d)
trap 'rm -rf "$CONF"' EXIT
render_configs >/dev/null

check() {
  local name=$1
  shift
  if out=$("$@" 2>&1); then log "ok: $name"; else printf '%s\n' "$out" >&2; die "$name failed"; fi
}

check "nginx -t" /usr/sbin/nginx -t -p "$CONF/nginx" -c "$CONF/nginx/nginx.conf" -e stderr \
  -g "pid $CONF/nginx.pid; user www-data;"
# Kubernetes' upstream (nginx/k8s/) needs nginx 1.27.3 for `resolve`, newer than Debian's: checked here without
# its DNS parts, in place of the upstream file of this machine's rendering.
k8s_nginx_t() {
  cp -r "$CONF/nginx" "$CONF/nginx-k8s"
  sed -e 's/ resolve / /' -e '/^resolver/d' -e 's/foobar-app\.foobar\.svc\.cluster\.local/127.0.0.1/' \
    "$ROOT/nginx/k8s/app-upstream.conf.template" >"$CONF/nginx-k8s/foobar.d/app-upstream.conf"
  /usr/sbin/nginx -t -p "$CONF/nginx-k8s" -c "$CONF/nginx-k8s/nginx.conf" -e stderr -g "pid $CONF/nginx-k8s.pid; user www-data;"
}
check "nginx -t (with the Kubernetes upstream, without its DNS parts)" k8s_nginx_t
check "promtool check config" promtool check config "$CONF/prometheus/prometheus.yml"
check "promtool test rules" promtool test rules "$ROOT/prometheus/rules/foobar.rules.test.yml"
check "amtool check-config" amtool check-config "$ROOT/alertmanager/alertmanager.yml"
check "blackbox_exporter --config.check" prometheus-blackbox-exporter --config.check \
  --config.file="$CONF/blackbox/blackbox.yml"
for f in collector shipper; do check "rsyslogd -N1 logs/$f.conf" rsyslogd -N1 -f "$CONF/logs/$f.conf"; done
# The log store keeps FOOBAR_LOG_KEEP_DAYS days (its directories are the collector's days).
log_store_kept() (
  STATE=$CONF/prune && mkdir -p "$STATE/logstore/2000-01-01" "$STATE/logstore/$(date -u +%F)"
  log_store_prune
  [[ ! -e $STATE/logstore/2000-01-01 && -d $STATE/logstore/$(date -u +%F) ]]
)
check "the log store's old days are deleted, today's kept" log_store_kept
# nft -c checks without loading anything; the example addresses stand in for a deployment's hosts.nft.
cp "$ROOT/firewall/hosts.nft.example" "$CONF/hosts.nft"
for role in edge app db monitoring; do
  check "nft -c firewall/$role.nft" as_root nft -c -I "$CONF" -I "$ROOT/firewall" -f "$ROOT/firewall/$role.nft"
done

# docker-compose.yml against the Compose specification's schema (there is no Docker engine to ask).
validate_compose() {
  /usr/bin/python3 - "$ROOT/schemas/compose-spec.json" "$ROOT/docker-compose.yml" <<'PY'
import json, sys, yaml, jsonschema
schema, doc = json.load(open(sys.argv[1])), yaml.safe_load(open(sys.argv[2]))
errors = list(jsonschema.Draft7Validator(schema).iter_errors(doc))
for e in errors:
    print(f"{sys.argv[2]}: {'/'.join(map(str, e.path))}: {e.message}")
sys.exit(1 if errors else 0)
PY
}
check "docker-compose.yml against the Compose schema" validate_compose
# One CA per hop, constrained to its names: the app's certificate is no good as the database's, and a hop's CA
# key cannot vouch for any other name.
scratch_pki() { PKI=$CONF/pki-$1 SECRETS=$CONF/secrets-$1 ACME=$CONF/acme-$1 && ensure_pki >/dev/null 2>&1; }
hops_apart() (
  scratch_pki hops
  openssl verify -CAfile "$PKI/db-ca.crt" "$PKI/db.crt" >/dev/null
  ! openssl verify -CAfile "$PKI/db-ca.crt" "$PKI/app.crt" >/dev/null 2>&1 || exit 1
  HOP_NAMES[db]="DNS:mysql-primary,DNS:www.example.org" && issue_leaf db 2>/dev/null
  [[ $(openssl verify -CAfile "$PKI/db-ca.crt" "$PKI/db.crt" 2>&1) == *"permitted subtree violation"* ]] || exit 1
  # An account's certificate is a client's: no server passes with one, nor with the app hop's CA behind it.
  openssl verify -purpose sslclient -CAfile "$PKI/db-client-ca.crt" "$PKI/db-client-app.crt" >/dev/null
  ! openssl verify -purpose sslserver -CAfile "$PKI/db-client-ca.crt" "$PKI/db-client-app.crt" >/dev/null 2>&1 || exit 1
  ! openssl verify -purpose sslclient -CAfile "$PKI/app-ca.crt" "$PKI/db-client-app.crt" >/dev/null 2>&1
)
check "a hop's certificate does not pass on another hop, nor outside its CA's names; an account's is a client's" hops_apart
# Leaves are renewed in the last third of their life, and when the policy shortens it.
leaf_renewed() (
  scratch_pki renewal
  FOOBAR_CERT_MINUTES=3 ensure_pki 2>/dev/null
  ! openssl x509 -checkend 200 -noout -in "$PKI/app.crt" >/dev/null || exit 1
  cp "$PKI/app.crt" "$CONF/first.crt" && ensure_pki 2>/dev/null && cmp -s "$PKI/app.crt" "$CONF/first.crt"
  # Longer-lived than a new, shorter policy allows; then in the last third of a longer one.
  FOOBAR_CERT_MINUTES=1 ensure_pki 2>/dev/null && ! cmp -s "$PKI/app.crt" "$CONF/first.crt"
  cp "$PKI/app.crt" "$CONF/first.crt" && FOOBAR_CERT_MINUTES=10 ensure_pki 2>/dev/null
  ! cmp -s "$PKI/app.crt" "$CONF/first.crt"
)
check "a leaf certificate is renewed in the last third of its life" leaf_renewed
# A CA in its last 30 days is replaced with its leaves, and named as changed (nginx reloads for a new app CA).
ca_rolled_over() (
  scratch_pki rollover
  (umask 077 && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 20 -subj /CN=old \
    -keyout "$PKI/app-ca.key" -out "$PKI/app-ca.crt" 2>/dev/null)
  CHANGED=() && ensure_pki 2>/dev/null
  [[ " ${CHANGED[*]} " == *" $PKI/app-ca.crt "* && " ${CHANGED[*]} " == *" $PKI/app.crt "* ]] || exit 1
  openssl x509 -checkend $((300 * 86400)) -noout -in "$PKI/app-ca.crt" >/dev/null
  openssl verify -CAfile "$PKI/app-ca.crt" "$PKI/app.crt" >/dev/null
)
check "a CA near its end is replaced with its leaves, and its clients told" ca_rolled_over
# The edge's renewals keep its key (issue_leaf says why), and its edge.pem holds the new certificate on it; the
# other hops get a new key each time, and so does the edge with a new CA.
edge_key_kept() (
  scratch_pki edgekey
  pub() { openssl pkey -pubout -in "$1" 2>/dev/null || openssl x509 -pubkey -noout -in "$1"; }
  local first app
  first=$(pub "$PKI/edge.key") app=$(pub "$PKI/app.key")
  cp "$PKI/edge.crt" "$CONF/edge-first.crt" && FOOBAR_CERT_MINUTES=1 ensure_pki 2>/dev/null
  ! cmp -s "$PKI/edge.crt" "$CONF/edge-first.crt" && [[ $(pub "$PKI/edge.key") == "$first" ]] || exit 1
  [[ $(openssl x509 -pubkey -noout -in "$PKI/edge.pem") == "$first" && $(pub "$PKI/app.key") != "$app" ]] || exit 1
  rm "$PKI/edge-ca.crt" && ensure_pki 2>/dev/null && [[ $(pub "$PKI/edge.key") != "$first" ]]
)
check "the edge keeps its key when renewed, and gets a new one with a new CA" edge_key_kept
for overlay in "$ROOT"/k8s/overlays/*; do
  check "kubectl kustomize k8s/overlays/${overlay##*/}" kubectl kustomize "$overlay"
done
# Compose's own parser (no engine needed), alone and with the test stand-ins.
check "docker compose config" docker compose -f "$ROOT/docker-compose.yml" config -q
check "docker compose config (with the test stand-ins)" docker compose -f "$ROOT/docker-compose.yml" \
  -f "$ROOT/test/compose/docker-compose.standins.yml" config -q
