# shellcheck shell=bash
# The whole stack under supervisord: up, down, status, env, and how one app replica is started.

JAR="$STATE/app/foobar.jar"

supervisorctl_() { supervisorctl -c "$CONF/supervisord.conf" "$@"; }

# Rebuild the jar when a source is newer; run a copy so a later build never swaps it under a running JVM.
ensure_jar() {
  local built="$ROOT/target/foobar-0.1.0-SNAPSHOT.jar"
  if [[ ! -f $built ]] || [[ -n $(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$built" -print -quit) ]]; then
    log "building the application jar"
    (cd "$ROOT" && ./mvnw -B -q -ntp package -DskipTests) || die "the build failed"
  fi
  mkdir -p "$STATE/app/tmp"
  cp "$built" "$JAR.new" && replace_if_changed "$JAR"
  if [[ $EUID -eq 0 ]]; then chown foobar: "$STATE/app/tmp"; fi
}

# The jar as the replicas run it: extracted (classes from plain jars on the class path, which the JDK's AOT cache
# can hold, unlike the classes nested in a Boot jar) into a directory named by the jar's hash, with the AOT
# cache of that very jar beside it. A new jar gets a new directory; the old one goes once nothing runs it.
release_dir() { echo "$STATE/app/release-$(sha256sum "$JAR" | cut -c1-16)"; }

# The replicas' JVM options, shared with the container image. An AOT cache holds only for the options it was
# trained with.
APP_JVM_OPTIONS="$ROOT/src/main/jvm.options"

# aot_cache RELEASE: the AOT cache of that release's jar for these options.
aot_cache() { echo "$1/app-$(sha256sum <"$APP_JVM_OPTIONS" | cut -c1-8).aot"; }

# ensure_release: extract the jar and train its AOT cache, once per jar and options (about 40 s, with the
# databases running). The replicas then start in seconds and serve their first pages with the training's profiles.
ensure_release() {
  local release cache
  release=$(release_dir)
  cache=$(aot_cache "$release")
  [[ -f $cache ]] && return 0
  log "preparing the jar for fast starts: extracting it and training its AOT cache"
  mkdir -p "$STATE/logs"
  if [[ ! -f $release/foobar.jar ]]; then
    rm -rf "$release"
    "$JAVA_HOME/bin/java" -Djarmode=tools -jar "$JAR" extract --destination "$release" >/dev/null
  fi
  train_release "$release" "$STATE/app/tmp/training.aot" || die "the AOT training run failed: see $STATE/logs/aot-training.log"
  mv "$STATE/app/tmp/training.aot" "$cache" && CHANGED+=("$cache")
}

# train_release RELEASE OUT: the training run is a replica of its own (on the ports BASE+0) that serves the pages a
# visitor reaches, a few hundred times, so the cache holds the classes and method profiles of serving too, not
# only of starting; the JVM writes the cache as it exits.
TRAINING_PATHS=(/ "/?before=100" /posts/1 /authors/nobody /login /signup /no-such-page)
train_release() {
  local release=$1 out=$2 pid i path urls=()
  rm -f "$out"
  (app_env aot-training "$FOOBAR_APP_PORT_BASE" "$FOOBAR_MANAGEMENT_PORT_BASE" \
    && app_java -XX:AOTCacheOutput="$out" -jar "$release/foobar.jar") >"$STATE/logs/aot-training.log" 2>&1 &
  pid=$!
  if ! retry 240 0.5 http_ok "https://localhost:$FOOBAR_MANAGEMENT_PORT_BASE/actuator/health/readiness"; then
    kill "$pid" 2>/dev/null
    return 1
  fi
  for ((i = 0; i < 300; i++)); do
    for path in "${TRAINING_PATHS[@]}"; do urls+=(-o /dev/null "https://localhost:$FOOBAR_APP_PORT_BASE$path"); done
  done
  curl -sS --max-time 300 --cacert "$PKI/app-ca.crt" "${urls[@]}" || true # one connection, 2,100 requests
  kill -TERM "$pid"
  wait "$pid" || true # 143: ended by the TERM, as it should be
  [[ -f $out ]]
}

# Old releases, and caches trained for other JVM options, go once the replicas run the current ones.
prune_releases() {
  local current cache path
  current=$(release_dir)
  cache=$(aot_cache "$current")
  for path in "$STATE"/app/release-* "$current"/*.aot; do
    [[ $path == "$current" || $path == "$cache" ]] || rm -rf "$path"
  done
}

# app_env NAME PORT MANAGEMENT_PORT: the environment of an app JVM. No secret: the passwords are files in
# FOOBAR_SECRETS_DIR, readable by the foobar user only (an environment ends up in crash dumps and JFR recordings).
app_env() {
  while IFS= read -r line; do export "${line?}"; done < <(db_env_lines | grep -v '_PASSWORD=')
  export FOOBAR_INSTANCE="$1" FOOBAR_PORT="$2" FOOBAR_MANAGEMENT_PORT="$3" FOOBAR_SECRETS_DIR=$STATE/app/secrets
  app_secrets "$FOOBAR_SECRETS_DIR"
}

# app_secrets DIR: the app's passwords as the files Spring Boot's configtree import reads (the file name is the
# property), each replaced whole (three replicas start at once).
app_secrets() {
  local pair
  mkdir -p "$1" && chmod 700 "$1" && owned_by foobar "$1"
  for pair in app-password:db-app migrate-password:db-migrate truststore-password:truststore; do
    (umask 077 && secret "${pair#*:}" >"$1/.$$.new") && owned_by foobar "$1/.$$.new"
    mv "$1/.$$.new" "$1/foobar.db.${pair%:*}"
  done
}

# app_java ARGS: the JVM with the replicas' options, run as the foobar user when started as root.
app_java() {
  local as=()
  if [[ $EUID -eq 0 ]]; then as=(setpriv --reuid=foobar --regid=foobar --init-groups --no-new-privs); fi
  # Two malloc arenas instead of one per core and thread: less native memory, at no cost here.
  export MALLOC_ARENA_MAX=2
  exec "${as[@]}" "$JAVA_HOME/bin/java" "@$APP_JVM_OPTIONS" -Djava.io.tmpdir="$STATE/app/tmp" "$@"
}

# run_app app-N: the JVM of one replica, in the foreground (supervisord's child).
run_app() {
  local name=$1 n=${1#app-} release
  [[ $name =~ ^app-[123]$ ]] || die "no such app replica: $name"
  app_env "$name" $((FOOBAR_APP_PORT_BASE + n)) $((FOOBAR_MANAGEMENT_PORT_BASE + n))
  release=$(release_dir)
  # Without its cache (a jar copied in by hand) the JVM starts as before, only slower.
  app_java -XX:AOTCache="$(aot_cache "$release")" -jar "$release/foobar.jar"
}

# The operator trusts the edge CA (the public site) and the app hop CA (the replicas' own ports).
http_ok() { curl -fsS -o /dev/null --max-time 3 --cacert "$PKI/operator-trust.pem" "$@"; }

# apps_write_to HOST:PORT: every app replica's readiness names HOST:PORT as the node it writes to (each follows a
# promotion by itself, from the nodes' read_only).
apps_write_to() {
  local n
  for n in 1 2 3; do
    curl -sS --max-time 3 --cacert "$PKI/app-ca.crt" \
      "https://localhost:$((FOOBAR_MANAGEMENT_PORT_BASE + n))/actuator/health/readiness" | grep -qF "\"node\":\"$1\"" \
      || return 1
  done
}

# Every component and the URL that proves it healthy.
health_checks() {
  local n
  for n in 1 2 3; do
    echo "app-$n https://localhost:$((FOOBAR_MANAGEMENT_PORT_BASE + n))/actuator/health/readiness"
  done
  echo "nginx https://www.foobar.com:$FOOBAR_HTTPS_PORT/"
  echo "prometheus http://$FOOBAR_PROMETHEUS/-/ready"
  echo "alertmanager http://$FOOBAR_ALERTMANAGER/-/ready"
  echo "node-exporter http://$FOOBAR_NODE_EXPORTER/metrics"
  echo "nginx-exporter http://$FOOBAR_NGINX_EXPORTER/metrics"
  echo "blackbox-exporter http://$FOOBAR_BLACKBOX_EXPORTER/metrics"
  echo "mysqld-exporter-primary http://$FOOBAR_MYSQLD_EXPORTER_PRIMARY/metrics"
  echo "mysqld-exporter-replica http://$FOOBAR_MYSQLD_EXPORTER_REPLICA/metrics"
}

check_url() { http_ok --resolve "www.foobar.com:$FOOBAR_HTTPS_PORT:127.0.0.1" "$1" 2>/dev/null; }

stack_up() {
  ensure_packages "${STACK_PACKAGES[@]}"
  ensure_grafana
  ensure_jdk
  ensure_users
  acme_configure || true
  pki_lock && ensure_pki && pki_unlock
  ensure_jar
  db_up
  ensure_release
  render_configs
  supervisor_conf
  if alive "$STATE/run/supervisord.pid"; then
    supervisorctl_ update >/dev/null
    reload_changed
    # Its new code and policy at once (it stops between checks: renew_forever).
    supervisorctl_ restart cert-renewer >/dev/null
  else
    log "starting supervisord (logs in $STATE/logs)"
    supervisord -c "$CONF/supervisord.conf" || die "supervisord did not start: see $STATE/logs/supervisord.log"
  fi
  start_apps
  prune_releases
  wait_healthy 180
  grafana_note
  print_urls
}

# Programs keep running across a second `up`; only a changed config or jar reaches them.
# Each program is told once, however many of its files changed (a renewal changes a certificate and its key).
reload_changed() {
  local f restart=false
  local -A told=()
  once() { [[ -n ${told[$*]:-} ]] || { told[$*]=1 && "$@" >/dev/null; }; }
  for f in "${CHANGED[@]}"; do
    case $f in
      "$JAR" | *.aot | "$SECRETS"/db-*) restart=true ;;
      "$CONF"/exporters/*) once supervisorctl_ restart mysqld-exporter-primary mysqld-exporter-replica ;;
      # rsyslog reads its config and certificates at start only; its queue and file positions survive a restart.
      "$CONF"/log-collector/* | "$CONF"/logs/collector.conf) once supervisorctl_ restart log-collector ;;
      "$PKI"/logs-shipper.crt | "$PKI"/logs-ca.crt | "$CONF"/logs/shipper.conf) once supervisorctl_ restart log-shipper ;;
      # A new app CA (the yearly rollover): nginx verifies the replicas with it, read at start only.
      "$CONF"/nginx/* | "$PKI"/app-ca.crt) once supervisorctl_ signal HUP nginx ;;
      "$CONF"/prometheus/*) once supervisorctl_ signal HUP prometheus ;;
      "$CONF"/alertmanager/*) once supervisorctl_ signal HUP alertmanager ;;
      "$CONF"/blackbox/*) once supervisorctl_ signal HUP blackbox-exporter ;;
      # Renewed certificates: nginx reads the edge's at each handshake, the app replicas reload theirs by
      # themselves (reload-on-update), the exporters restart on their copy (exporter_cnf); a stopped database
      # node gets its new files when it starts. Replication reads its certificate at each connection to the writer.
      "$PKI"/db.crt | "$PKI"/db-client-ca.crt | "$PKI"/db-client-repl.crt) once db_reload_tls ;;
    esac
  done
  if $restart; then log "new jar or JVM options: restarting the app replicas one by one" && restart_apps; fi
}

# run_cert_renewer: supervisord's child (as root: it writes the keys and reloads the servers). At each check it
# renews the ACME certificate when due and the leaves in the last third of their life, and has their servers and
# clients take them.
run_cert_renewer() { renew_forever renew_native; }
renew_native() {
  if acme_configure; then (acme_renew) || warn "the ACME CA did not renew the edge certificate; tried again at the next check"; fi
  CHANGED=() && pki_lock && ensure_pki && pki_unlock
  # Their copies of a renewed certificate: the exporters and the log collector restart.
  exporter_cnf primary && exporter_cnf replica && log_shipping_files
  reload_changed
}

# One replica at a time, each ready before the next starts; a running one is left alone.
start_apps() {
  local n
  for n in 1 2 3; do
    if ! supervisorctl_ status "app-$n" | grep -q RUNNING; then
      log "starting app-$n"
      supervisorctl_ start "app-$n" >/dev/null || true
    fi
    wait_for_url "app-$n" 180
  done
}

# One at a time, each ready before the next goes: nginx keeps serving from the other two.
restart_apps() {
  local n
  template_env # the health checks' addresses, when called outside `up` (bench)
  for n in 1 2 3; do supervisorctl_ restart "app-$n" >/dev/null; wait_for_url "app-$n" 180; done
}

wait_for_url() {
  local name=$1 seconds=$2 url
  url=$(health_checks | awk -v n="$name" '$1 == n { print $2 }')
  retry "$((seconds * 2))" 0.5 check_url "$url" || die "$name is not healthy after ${seconds}s: see $STATE/logs/$name.log"
}

wait_healthy() {
  local name url pending shown=""
  log "waiting for every component to be healthy"
  for ((i = 0; i < $1 * 2; i++)); do
    pending=()
    while read -r name url; do check_url "$url" || pending+=("$name"); done < <(health_checks)
    ((${#pending[@]} == 0)) && { log "all healthy"; return 0; }
    # One line each time the list shrinks: readable on a terminal and in a CI log alike.
    [[ "${pending[*]}" != "$shown" ]] && shown="${pending[*]}" && printf '    waiting for: %s\n' "$shown" >&2
    sleep 0.5
  done
  die "not healthy after $1 s: ${pending[*]} (logs in $STATE/logs)"
}

stack_status() {
  local name url bad=0 node role
  template_env
  for node in primary replica; do
    role=reader && [[ $node == "$(db_writer)" ]] && role=writer
    if db_running "$node"; then echo "db-$node OK $role"; else echo "db-$node DOWN $role"; bad=1; fi
  done
  while read -r name url; do
    if alive "$STATE/run/supervisord.pid" && check_url "$url"; then echo "$name OK"; else echo "$name DOWN"; bad=1; fi
  done < <(health_checks)
  return "$bad"
}

stack_down() {
  if alive "$STATE/run/supervisord.pid"; then
    log "stopping every component"
    supervisorctl_ shutdown >/dev/null || true
    retry 300 0.1 bash -c "! kill -0 $(cat "$STATE/run/supervisord.pid") 2>/dev/null" || warn "supervisord still running"
  fi
  db_down
}

stack_env() {
  template_env
  cat <<EOF
FOOBAR_URL=https://www.foobar.com:$FOOBAR_HTTPS_PORT
FOOBAR_HTTP_URL=http://www.foobar.com:$FOOBAR_HTTP_PORT
FOOBAR_RESOLVE=www.foobar.com:$FOOBAR_HTTPS_PORT:127.0.0.1
FOOBAR_HTTP_RESOLVE=www.foobar.com:$FOOBAR_HTTP_PORT:127.0.0.1
FOOBAR_CA_CERT=$PKI/edge-ca.crt
FOOBAR_APP_CA_CERT=$PKI/app-ca.crt
FOOBAR_PROMETHEUS_URL=http://$FOOBAR_PROMETHEUS
FOOBAR_ALERTMANAGER_URL=http://$FOOBAR_ALERTMANAGER
FOOBAR_GRAFANA_URL=$(grafana_url)
FOOBAR_DB_PRIMARY=127.0.0.1:$(db_port "$(db_writer)")
FOOBAR_DB_REPLICA=127.0.0.1:$(db_port "$(db_reader)")
FOOBAR_APP_INSTANCES="${APPS[*]}"
FOOBAR_APP_URLS="$(app_urls "$FOOBAR_APP_PORT_BASE")"
FOOBAR_APP_MANAGEMENT_URLS="$(app_urls "$FOOBAR_MANAGEMENT_PORT_BASE")"
FOOBAR_STATE_DIR=$STATE
EOF
}

app_urls() { echo "https://localhost:$(($1 + 1)) https://localhost:$(($1 + 2)) https://localhost:$(($1 + 3))"; }

# Debian has no Grafana package; it runs only where Grafana's own APT repository is configured.
grafana_url() { if command -v grafana-server >/dev/null; then echo "http://127.0.0.1:$FOOBAR_GRAFANA_PORT"; fi; }

grafana_note() {
  command -v grafana-server >/dev/null && return 0
  warn "Grafana is not installed: Debian has no package for it and https://apt.grafana.com is not reachable"
  warn "from here. The dashboards (grafana/) run with 'docker compose up', or here once that repository is."
}

print_urls() {
  cat >&2 <<EOF

  www.foobar.com   https://www.foobar.com:$FOOBAR_HTTPS_PORT  (resolve it to 127.0.0.1; trust $PKI/edge-ca.crt)
  Prometheus       http://$FOOBAR_PROMETHEUS
  Alertmanager     http://$FOOBAR_ALERTMANAGER
  status           bin/foobar status     logs: $STATE/logs
EOF
}

# sign_up_handle HANDLE: fails unless HANDLE passes the sign-up rule (SignupForm), as it must before an operator's
# command puts it into SQL.
sign_up_handle() {
  [[ $1 =~ ^[A-Za-z0-9_]{3,30}$ ]] || die "not a handle: '$1' (a handle is 3 to 30 letters, digits or _)"
}

# accounts_reset HANDLE [--second-factor]: a one-time code with which the owner sets a new password at /reset, for
# an hour (ASVS 6.4.3); with --second-factor, using it also turns the account's second factor off (a lost
# authenticator, 6.4.4). Give it to the owner only, at the e-mail address on record, once you are sure the request is
# theirs. 192 random bits; only its SHA-256 is stored (so in the binlog), the code itself only printed here.
accounts_reset() {
  local handle=$1 clears code email
  case ${2:-} in
    "") clears=FALSE ;;
    --second-factor) clears=TRUE ;;
    *) die "usage: bin/foobar accounts reset HANDLE [--second-factor]" ;;
  esac
  sign_up_handle "$handle"
  code=$(openssl rand -base64 24 | tr '+/' '-_')
  email=$(db_sql "$(db_writer)" "UPDATE $FOOBAR_DB_NAME.account SET reset_code_hash = '$(printf %s "$code" | sha256sum | cut -c1-64)',
    reset_expires_at = UTC_TIMESTAMP(6) + INTERVAL 1 HOUR, reset_clears_second_factor = $clears WHERE handle = '$handle';
    SELECT email FROM $FOOBAR_DB_NAME.account WHERE handle = '$handle';")
  [[ -n $email ]] || die "no account $handle"
  log "a reset code for $handle, good for one hour at /reset$([[ $clears == TRUE ]] && echo ", turning the second factor off"):"
  log "give it only to the owner, at $email"
  echo "$code"
}

# sessions_end HANDLE|--all: the operator, as the site's administrator, ends one account's sessions or everyone's
# (ASVS 7.4.5): their next request is anonymous. On the writer. The session table compares names as the accounts do (utf8mb4_unicode_ci), so any case matches.
sessions_end() {
  local where=TRUE ended
  if [[ $1 != --all ]]; then sign_up_handle "$1" && where="PRINCIPAL_NAME = '$1'"; fi
  ended=$(db_sql "$(db_writer)" "DELETE FROM $FOOBAR_DB_NAME.SPRING_SESSION WHERE $where; SELECT ROW_COUNT();")
  log "ended $ended session(s)"
}
