# shellcheck shell=bash
# The checks of bin/lib/compose-test.sh: the compose stack as a user meets it, through the edge container's
# published ports, and as an operator reads it (Prometheus, the containers, the networks). Each fails the run.

EDGE=https://www.foobar.com:$FOOBAR_COMPOSE_HTTPS_PORT

# prom_value EXPR: the first value of an instant query, asked inside the Prometheus container (not published).
prom_value() {
  compose exec -T prometheus wget -qO- "http://localhost:9090/api/v1/query?query=$(jq -rn --arg q "$1" '$q|@uri')" \
    | jq -r '.data.result[0].value[1] // empty'
}

# wait_for SECONDS WHAT CMD...: retry CMD once a second; fail naming WHAT.
wait_for() {
  local secs=$1 what=$2
  shift 2
  retry "$secs" 1 "$@" >/dev/null 2>&1 || die "compose: $what (not within $secs s)"
}

edge_curl() { curl -fsS --max-time 10 --cacert "$PKI/edge-ca.crt" --resolve "www.foobar.com:$FOOBAR_COMPOSE_HTTPS_PORT:127.0.0.1" "$@"; }
edge_up() { edge_curl -o /dev/null "$EDGE/"; }
container() { compose ps -q "$1"; }
# started_at [SERVICE...]: when each long-running container (of the SERVICEs) started (the one-shot init runs
# again on every up, and changes nothing it finds made).
started_at() {
  local ids
  mapfile -t ids < <(compose ps -q "$@")
  docker inspect -f '{{.Name}} {{.State.StartedAt}}' "${ids[@]}"
}

check_edge() {
  local location served
  location=$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' --resolve "www.foobar.com:$FOOBAR_COMPOSE_HTTP_PORT:127.0.0.1" \
    "http://www.foobar.com:$FOOBAR_COMPOSE_HTTP_PORT/posts?x=1")
  [[ $location =~ ^30[18]\ https://www.foobar.com(:[0-9]+)?/posts\?x=1$ ]] || die "compose: HTTP does not redirect to HTTPS: $location"
  served=$(for _ in $(seq 30); do edge_curl "$EDGE/?r=$RANDOM$RANDOM" | grep -o 'Served by app-[0-9]'; done | sort -u | tr '\n' ' ')
  [[ $served == "Served by app-1 Served by app-2 Served by app-3 " ]] || die "compose: footers name only: $served"
  log "ok: HTTPS with the local CA, HTTP → HTTPS, all three replicas in the footers"
}

# Sign up, sign in and post through the edge (the bench's own visitor), then the author's home page shows it.
check_post() {
  # shellcheck disable=SC2034 # both read by bench_account and bench_curl
  local BENCH_DIR=$STATE/compose-visitor FOOBAR_HTTPS_PORT=$FOOBAR_COMPOSE_HTTPS_PORT
  mkdir -p "$BENCH_DIR"
  bench_account
  bench_curl / | grep -q "The bench&#39;s own post" || die "compose: the author does not see the new post"
  log "ok: sign-up, sign-in and a post through the edge; the author sees it"
}

all_targets_up() { [[ $(prom_value 'count(up == 0) or vector(0)') == 0 && $(prom_value 'count(up)') -ge 10 ]]; }
# Both databases answer their exporter, only the writer takes writes (the reader is read_only), the reader
# replicates and the writer's commits wait for it (semi-sync): read through the recording rules that hide the
# engines' different series names.
pair_replicating() {
  [[ $(prom_value 'count(mysql_up == 1)') == 2
    && $(prom_value 'count(instance:foobar_mysql_role:info{instance="db-primary", role="primary"}
      or instance:foobar_mysql_role:info{instance="db-replica", role="replica"})') == 2
    && $(prom_value 'min(instance:foobar_mysql_replica_io_running:max
      * on(instance) instance:foobar_mysql_replica_sql_running:max)') == 1
    && $(prom_value 'max(instance:foobar_mysql_semi_sync_source_on:max)') == 1 ]]
}
qps_of_three() {
  [[ $(prom_value 'count(sum by (instance) (rate(http_server_requests_seconds_count{job="foobar-app"}[1m])) > 0)') == 3 ]]
}

check_prometheus() {
  wait_for 120 "every Prometheus target up" all_targets_up
  wait_for 120 "per-instance QPS of three replicas" qps_of_three
  wait_for 60 "the database pair in its roles, replicating, semi-sync on" pair_replicating
  log "ok: every Prometheus target up; per-instance QPS of app-1, app-2 and app-3; the pair in its roles,"
  log "    replicating with semi-sync"
}

restarted_healthy() { [[ $(docker inspect -f '{{.RestartCount}} {{.State.Health.Status}}' "$(container "$1")") == "$2 healthy" ]]; }

# An app replica's JVM killed (SIGKILL from the host, as a crash) during a stream of GETs to distinct URLs:
# none may fail, and the container comes back by itself (restart: unless-stopped).
check_kill_app() {
  local pid failed=0 i before
  before=$(docker inspect -f '{{.RestartCount}}' "$(container app-2)")
  pid=$(docker inspect -f '{{.State.Pid}}' "$(container app-2)")
  for ((i = 0; i < 300; i++)); do
    ((i == 50)) && as_root kill -KILL "$pid"
    edge_curl -o /dev/null "$EDGE/?kill=$i$RANDOM" || failed=$((failed + 1))
  done
  ((failed == 0)) || die "compose: $failed of 300 GETs failed while app-2 was killed"
  wait_for 180 "app-2 restarted and healthy" restarted_healthy app-2 $((before + 1))
  wait_for 60 "app-2 serving through the edge again" serves app-2
  log "ok: app-2 killed during 300 GETs, none failed; it restarted by itself and serves again"
}

serves() { edge_curl "$EDGE/?serves=$RANDOM$RANDOM" | grep -q "Served by $1<"; }

# An app recreated (an upgrade, `up -d --no-deps`) while another container has joined its network comes back at
# its own address: nginx, which resolved it once at its start, serves from it again without a restart.
check_recreate_app() {
  local nginx_started
  nginx_started=$(docker inspect -f '{{.State.StartedAt}}' "$(container nginx)")
  compose stop app-3 >/dev/null 2>&1
  docker run -d --rm --name foobar-test-newcomer --network foobar-test_app "$BASE" sleep 300 >/dev/null
  compose up -d --no-deps --force-recreate app-3 >/dev/null 2>&1
  wait_for 180 "app-3 recreated and healthy" restarted_healthy app-3 0
  wait_for 60 "app-3 serving through the edge after being recreated" serves app-3
  docker rm -f foobar-test-newcomer >/dev/null
  [[ $(docker inspect -f '{{.State.StartedAt}}' "$(container nginx)") == "$nginx_started" ]] \
    || die "compose: nginx was restarted"
  log "ok: app-3 recreated while another container joined its network; the edge serves from it again"
}

# Each hop's server: its service (its network namespace; - for this machine's), address there, CA, s_client's
# arguments.
compose_hops() {
  echo "- 127.0.0.1:$FOOBAR_COMPOSE_HTTPS_PORT edge-ca.crt -servername www.foobar.com"
  local n
  for n in 1 2 3; do echo "app-$n 127.0.0.1:8443 app-ca.crt"; done
  echo "mysql-primary 127.0.0.1:3306 db-ca.crt -starttls mysql"
  echo "mysql-replica 127.0.0.1:3306 db-ca.crt -starttls mysql"
}

# hop_serials: "SERVICE SERIAL" of each hop's certificate; fails when one does not verify against its hop's CA or
# has ended.
hop_serials() {
  local service address ca args pid serial end
  while read -r service address ca args; do
    pid= && [[ $service == - ]] || pid=$(docker inspect -f '{{.State.Pid}}' "$(container "$service")")
    # shellcheck disable=SC2086 # the s_client arguments, split on purpose
    read -r serial end < <(NETNS_PID=$pid served_cert "$address" "$PKI/$ca" $args) || return 1
    ((end > $(date +%s))) || { echo "$service serves an ended certificate ($serial)" >&2; return 1; }
    echo "$service $serial"
  done < <(compose_hops)
}

certificates_in_prometheus() { [[ $(prom_value 'count(foobar_certificate_not_after_seconds > time())') -ge 6 ]]; }

# The leaves last 5 minutes here (compose-test.sh): every hop serves a new certificate within 5 minutes of the
# first sample (FIRST_SERIALS, taken when the edge first answered), each verified against its hop's CA, while GETs
# through the edge all succeed and no server restarts (app-2 was killed on purpose); the renewer's figures reach
# Prometheus.
check_cert_renewal() {
  local now failed=0 i=0 j deadline=$((SECONDS + 330)) started
  started=$(started_at nginx app-1 app-3 mysql-primary mysql-replica)
  while now=$(hop_serials) || die "compose: a certificate served does not verify: see above"
    [[ -n $(comm -12 <(sort <<<"$FIRST_SERIALS") <(sort <<<"$now")) ]]; do
    ((SECONDS < deadline)) || die "compose: not every hop was renewed in 5 minutes; still the first: $(comm -12 \
      <(sort <<<"$FIRST_SERIALS") <(sort <<<"$now") | cut -d' ' -f1 | paste -sd' ')"
    for ((j = 0; j < 20; j++)); do edge_curl -o /dev/null "$EDGE/?renewal=$((i++))" || failed=$((failed + 1)); done
  done
  ((failed == 0)) || die "compose: $failed of $i GETs failed while the certificates were renewed"
  [[ $(started_at nginx app-1 app-3 mysql-primary mysql-replica) == "$started" ]] || die "compose: a server restarted during the renewals"
  wait_for 60 "the certificates' figures in Prometheus" certificates_in_prometheus
  wait_for 60 "the database pair replicating and exported on the renewed account certificates" pair_replicating
  log "ok: every hop (the edge, three apps, two databases) served a renewed certificate without a restart;"
  log "    $i GETs meanwhile, none failed; the certificates' dates in Prometheus"
}

# The init script creates the accounts on each node unlogged: the writer's binlog holds the schema (Flyway's
# history table) but no account's password.
check_binlogs() {
  local events
  events=$(compose exec -T mysql-primary sh -c 'mariadb-binlog /var/lib/mysql/binlog.[0-9]*' 2>/dev/null)
  [[ $events == *flyway_schema_history* ]] || die "compose: the writer's binlog cannot be read"
  [[ $events != *IDENTIFIED* ]] || die "compose: the writer's binlog holds an account's password"
  log "ok: no account's password in the writer's binlog"
}

# Every account shows its own certificate besides its password: the app's password alone, over verified TLS, is
# refused (the app, replication and the exporters connecting at all show the certificates that are accepted).
check_accounts_need_certificates() {
  local out
  # shellcheck disable=SC2016 # expanded in the container, where the password file is
  if out=$(compose exec -T mysql-replica bash -c 'mariadb --defaults-extra-file=<(printf "[client]\nuser=foobar_app\npassword=%s\n" \
    "$(cat /run/secrets/db-app)") --host=mysql-primary --ssl-ca=/run/foobar/pki/db-ca.crt --ssl-verify-server-cert \
    --batch -e "SELECT 1"' 2>&1); then
    die "compose: foobar_app connected with its password alone"
  fi
  [[ $out == *"Access denied"* ]] || die "compose: foobar_app without its certificate: not refused as expected: $out"
  log "ok: the app account's password alone is refused (its certificate is required)"
}

# reaches SERVICE URL: SERVICE's container gets an HTTP answer (any status) from URL.
reaches() { compose exec -T "$1" curl -s -o /dev/null --max-time 3 -k "$2" </dev/null; }
# connects SERVICE HOST PORT: SERVICE's container opens a TCP connection to HOST:PORT.
connects() { compose exec -T "$1" timeout 3 bash -c "exec 3<>/dev/tcp/$2/$3" </dev/null 2>/dev/null; }

# The networks mirror the firewall roles; each pair is tried both ways so a check cannot pass by being broken.
check_networks() {
  reaches nginx https://app-1:8443/ || die "compose: the edge cannot reach app-1"
  reaches nginx http://grafana:3000/api/health || die "compose: the edge cannot reach Grafana"
  reaches app-1 https://app-2:8543/actuator/health || die "compose: app-1 cannot reach a management port"
  reaches prometheus http://127.0.0.1:9093/-/ready || die "compose: Prometheus cannot reach Alertmanager"
  connects app-1 mysql-replica 3306 || die "compose: app-1 cannot reach the replica database"
  ! connects nginx mysql-primary 3306 || die "compose: the edge reaches the primary database"
  ! connects nginx mysql-replica 3306 || die "compose: the edge reaches the replica database"
  local from url
  for from in nginx app-1; do
    for url in http://prometheus:9090/-/ready http://grafana:9093/-/ready http://grafana:9115/metrics; do
      ! reaches "$from" "$url" || die "compose: $from reaches $url"
    done
  done
  log "ok: the edge reaches the apps and Grafana, not the databases; neither it nor an app reaches Prometheus's,"
  log "    Alertmanager's or blackbox's API"
}

# Not a pass/fail figure: what each app container holds against its 512 MB limit after the load above.
report_memory() {
  local ids
  mapfile -t ids < <(compose ps -q app-1 app-2 app-3)
  docker stats --no-stream --format '{{.Name}} {{.MemUsage}}' "${ids[@]}" | sed 's/^/    memory: /' >&2
}

check_second_up() {
  local before
  before=$(started_at)
  compose up -d --quiet-pull >/dev/null 2>&1
  [[ $(started_at) == "$before" ]] || die "compose: a second 'up' recreated or restarted containers"
  log "ok: a second 'up' changes nothing"
}

check_down() {
  compose down -v >/dev/null 2>&1
  local left
  left=$(docker ps -aq --filter label=com.docker.compose.project=foobar-test; docker volume ls -q --filter label=com.docker.compose.project=foobar-test
    docker network ls -q --filter label=com.docker.compose.project=foobar-test)
  [[ -z $left ]] || die "compose: 'down -v' left behind: $left"
  log "ok: 'down -v' leaves no container, volume or network"
}

compose_checks() {
  local ca
  PKI=$(mktemp -d)
  for ca in edge-ca app-ca db-ca; do compose cp "init:/out/pki/$ca.crt" "$PKI/$ca.crt" >/dev/null 2>&1; done
  wait_for 300 "the edge answering over HTTPS" edge_up
  FIRST_SERIALS=$(hop_serials) || die "compose: a certificate served does not verify: see above"
  check_edge
  check_post
  check_networks
  check_prometheus
  check_binlogs
  check_accounts_need_certificates
  check_kill_app
  check_cert_renewal
  report_memory
  check_second_up
  check_recreate_app
  check_down
}
