#!/usr/bin/env bash
# The certificate lifecycle on the running stack, made short-lived. The edge certificate comes from an ACME CA
# (Debian's pebble, with its DNS stand-in resolving www.foobar.com and foobar.com to this machine, validating over
# HTTP-01 through nginx's port 80) and is renewed by the stack at every check (pebble's certificates last five
# years, so the renewal window is made longer than that); the internal leaves are made 2-minute ones. Then 200 s of
# uncached page views through the edge (four visitors) while every hop's certificate is replaced. Passes when no
# request failed, every hop (the edge, each replica, both databases) served a new certificate each time, each one
# verified against its issuer (the edge's against pebble's root) and unexpired, the edge on one key throughout
# (issue_leaf in pki.sh says why), and, once the first leaves have ended, replication reconnects over TLS to the
# renewed writer, the app replicas reconnect to the databases and the exporters reach them, each account with its
# renewed certificate (the accounts require theirs), and the logs still reach the log collector. Then `up` puts
# the local edge CA and 30-day leaves back. Called by run-tests.sh with the test stack up.
set -Eeuo pipefail
# shellcheck source=load.sh
source "$(dirname "${BASH_SOURCE[0]}")/load.sh"
load_env "$ROOT/config/native.env" # the exporters' addresses

DIR=$STATE/cert-drill
SECONDS_UNDER_LOAD=200
rm -rf "$DIR" && mkdir -p "$DIR"

PEBBLE=$STATE/pebble
PEBBLE_DIR=https://127.0.0.1:$FOOBAR_PEBBLE_PORT_BASE/dir
EDGE_CA=$PEBBLE/root.crt

# served PORT CA [S_CLIENT-ARGS...]: served_cert (pki.sh) on this machine's PORT.
served() { served_cert "127.0.0.1:$1" "${@:2}"; }

# Every hop's serving port and the CA its clients trust.
hops() {
  echo "edge $FOOBAR_HTTPS_PORT $EDGE_CA -servername www.foobar.com"
  local n
  for n in 1 2 3; do echo "app-$n $((FOOBAR_APP_PORT_BASE + n)) $PKI/app-ca.crt"; done
  echo "db-primary $FOOBAR_DB_PRIMARY_PORT $PKI/db-ca.crt -starttls mysql"
  echo "db-replica $FOOBAR_DB_REPLICA_PORT $PKI/db-ca.crt -starttls mysql"
}

# sample: one line per hop into DIR/HOP: the serial served now; fails when it has ended.
sample() {
  local hop port ca args serial end
  while read -r hop port ca args; do
    # shellcheck disable=SC2086 # the s_client arguments, split on purpose
    read -r serial end < <(served "$port" "$ca" $args) || return 1
    ((end > $(date +%s))) || { echo "$hop served an ended certificate ($serial)" >&2; return 1; }
    echo "$serial" >>"$DIR/$hop"
  done < <(hops)
  edge_key >>"$DIR/edge-keys"
}

# edge_key: a digest of the public key the edge serves; one across renewals (issue_leaf says why).
edge_key() {
  openssl s_client -connect "127.0.0.1:$FOOBAR_HTTPS_PORT" -servername www.foobar.com </dev/null 2>/dev/null \
    | openssl x509 -pubkey -noout | sha256sum
}

# visitor N: uncached page views (an address each, so the edge's micro-cache misses) until the end, 500 on one
# keep-alive connection at a time, as a browser makes them: a request on a kept-alive connection that the server
# closed at that moment (an nginx worker retiring after a reload) is sent again on a new one, as RFC 9112 9.3.1
# allows for idempotent requests; wrk does not, and counts those as errors.
visitor() {
  local i=0 j urls
  while ((SECONDS < end)); do
    urls=()
    for ((j = 0; j < 500; j++)); do urls+=(-o /dev/null "https://www.foobar.com:$FOOBAR_HTTPS_PORT/?drill=$1-$((i++))"); done
    curl -sS --cacert "$EDGE_CA" --resolve "www.foobar.com:$FOOBAR_HTTPS_PORT:127.0.0.1" -w '%{http_code}\n' \
      "${urls[@]}" >>"$DIR/codes-$1" 2>>"$DIR/curl-$1.err" || true
  done
}

# pebble and its DNS stand-in, each on ports of the test's own; their own TLS certificate from a throwaway key.
start_pebble() {
  local port=$FOOBAR_PEBBLE_PORT_BASE
  ensure_packages pebble lego
  rm -rf "$PEBBLE" && mkdir -p "$PEBBLE"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=pebble \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$PEBBLE/tls.key" -out "$PEBBLE/tls.crt" 2>/dev/null
  printf '{"pebble": {"listenAddress": "127.0.0.1:%s", "managementListenAddress": "127.0.0.1:%s",
    "certificate": "%s", "privateKey": "%s", "httpPort": %s, "tlsPort": %s}}\n' "$port" "$((port + 1))" \
    "$PEBBLE/tls.crt" "$PEBBLE/tls.key" "$FOOBAR_HTTP_PORT" "$((port + 3))" >"$PEBBLE/config.json"
  pebble-challtestsrv -defaultIPv6 "" -dns01 "127.0.0.1:$((port + 2))" -http01 "" -https01 "" -tlsalpn01 "" \
    -management "127.0.0.1:$((port + 4))" >"$PEBBLE/challtestsrv.log" 2>&1 &
  echo $! >"$PEBBLE/challtestsrv.pid"
  PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT=0 PEBBLE_AUTHZREUSE=0 pebble -config "$PEBBLE/config.json" \
    -dnsserver "127.0.0.1:$((port + 2))" >"$PEBBLE/pebble.log" 2>&1 &
  echo $! >"$PEBBLE/pebble.pid"
  retry 40 0.25 curl -fsS -o "$EDGE_CA" 2>/dev/null --cacert "$PEBBLE/tls.crt" "https://127.0.0.1:$((port + 1))/roots/0" \
    || die "pebble did not start: see $PEBBLE/pebble.log"
}
stop_pebble() { stop_pid "$PEBBLE/pebble.pid" pebble; stop_pid "$PEBBLE/challtestsrv.pid" pebble-challtestsrv; }

acme_edge() { served "$FOOBAR_HTTPS_PORT" "$EDGE_CA" -servername www.foobar.com >/dev/null 2>&1; }

log "certificate lifecycle drill: the edge's from pebble over ACME, 2-minute internal leaves, ${SECONDS_UNDER_LOAD} s under load"
trap 'kill $(jobs -p) 2>/dev/null || true; stop_pebble' EXIT
start_pebble
rm -rf "$STATE/acme/lego" # the account and certificates of an earlier pebble, which kept nothing
FOOBAR_ACME_DIRECTORY=$PEBBLE_DIR FOOBAR_ACME_EMAIL=operator@foobar.com FOOBAR_ACME_CA_CERT=$PEBBLE/tls.crt \
  FOOBAR_ACME_RENEW_DAYS=100000 FOOBAR_CERT_MINUTES=2 "$ROOT/bin/foobar" up >"$DIR/up.log" 2>&1 \
  || die "up with ACME and 2-minute leaves failed: see $DIR/up.log"
retry 120 0.5 acme_edge || die "the edge does not serve a certificate from pebble after 60 s: see $STATE/acme/lego.log"
log "the edge serves pebble's certificate; load begins"
end=$((SECONDS + SECONDS_UNDER_LOAD))
visitors=()
for n in 1 2 3 4; do visitor "$n" & visitors+=($!); done
while ((SECONDS < end)); do sample || die "the drill failed: see above"; sleep 5; done
wait "${visitors[@]}"

requests=$(cat "$DIR"/codes-* | wc -l)
failed=$(cat "$DIR"/codes-* | grep -cvx 200 || true)
log "$requests requests while the leaves were renewed, $failed failed"
if ((requests == 0 || failed > 0)); then
  # What failed, here: CI keeps the output, not the state directory.
  cat "$DIR"/codes-* | grep -vx 200 | sort | uniq -c | sed 's/^/  status /' >&2 || true
  cat "$DIR"/curl-*.err | sort | uniq -c | sed 's/^/  curl: /' >&2 || true
  cat "$STATE"/logs/nginx.log* | grep -v '"status":200,' | grep -e '"uri":"/?drill=' -e '^[0-9/]* [0-9:]* \[' \
    | tail -8 | sed 's/^/  nginx: /' >&2 || true
  die "requests failed during the renewals: see $DIR/codes-*, $DIR/curl-*.err and the logs in $STATE/logs"
fi
[[ $(sort -u "$DIR/edge-keys" | wc -l) == 1 ]] || die "the edge's key changed with its renewals (lego renew --reuse-key?)"
for hop in $(hops | cut -d' ' -f1); do
  served=$(uniq "$DIR/$hop" | wc -l)
  log "$hop served $served certificates in turn"
  ((served >= 3)) || die "$hop was not renewed twice in ${SECONDS_UNDER_LOAD} s (serials in $DIR/$hop)"
done

# The replica's connection to the writer was opened before the renewals: a new one must verify the renewed one.
reader=$(db_reader)
# Both threads: a renewal that wrote to the reader's binlog (FLUSH without LOCAL) would stop its SQL thread.
replicating() { [[ $(db_slave_field "$reader" Slave_IO_Running)/$(db_slave_field "$reader" Slave_SQL_Running) == Yes/Yes ]]; }
db_sql "$reader" "STOP SLAVE IO_THREAD; START SLAVE IO_THREAD" >/dev/null
retry 40 0.25 replicating \
  || die "replication did not reconnect to the writer's renewed certificate: $(db_slave_field "$reader" Last_IO_Error)"
log "replication reconnected over TLS to the renewed writer, with its account's renewed certificate"

# The accounts' first certificates have ended by now, so a connection opened now shows a renewed one. The app's are
# cut on both nodes: each replica must serve its home page again on new ones (Connector/J reads the key store at
# each connection), and both exporters (restarted on their renewed copies) must reach their node.
for node in primary replica; do
  db_sql "$node" "SELECT CONCAT('KILL CONNECTION ', id, ';') FROM information_schema.processlist WHERE user = 'foobar_app'" \
    | db_sql_stdin "$node" >/dev/null 2>&1 || true
done
apps_reconnected() {
  local n
  for n in 1 2 3; do
    curl -fsS -o /dev/null --max-time 3 --cacert "$PKI/app-ca.crt" "https://localhost:$((FOOBAR_APP_PORT_BASE + n))/" || return 1
  done
}
exporters_up() {
  curl -fsS "http://$FOOBAR_MYSQLD_EXPORTER_PRIMARY/metrics" | grep -qx 'mysql_up 1' \
    && curl -fsS "http://$FOOBAR_MYSQLD_EXPORTER_REPLICA/metrics" | grep -qx 'mysql_up 1'
}
retry 40 0.25 apps_reconnected || die "an app replica did not reconnect to the databases with its renewed certificates"
retry 40 0.25 exporters_up || die "an exporter does not reach its node with its renewed certificate"
log "the app replicas reconnected and the exporters reach both nodes with their accounts' renewed certificates"
# The log shipper and collector (restarted on their renewed certificates) still carry a page view's line.
marker=drill-shipped-$RANDOM$RANDOM
curl -fsS -o /dev/null --cacert "$EDGE_CA" --resolve "www.foobar.com:$FOOBAR_HTTPS_PORT:127.0.0.1" \
  "https://www.foobar.com:$FOOBAR_HTTPS_PORT/?$marker" || die "the edge did not answer after the renewals"
shipped() { cat "$STATE"/logstore/*/nginx.log 2>/dev/null | grep -qF "$marker"; }
retry 80 0.25 shipped || die "a page view's log line did not reach the log collector after the renewals"
log "the logs are still shipped to the collector, over the logs hop's renewed certificates"

FOOBAR_ACME_DIRECTORY=off FOOBAR_CERT_MINUTES=43200 "$ROOT/bin/foobar" up >>"$DIR/up.log" 2>&1 \
  || die "up with the local edge CA and 30-day leaves failed: see $DIR/up.log"
served "$FOOBAR_HTTPS_PORT" "$PKI/edge-ca.crt" -servername www.foobar.com >/dev/null \
  || die "the edge does not serve the local edge CA's certificate again"
log "ok: every hop renewed and taken under load, no failed request; the local edge CA and 30-day leaves again"
