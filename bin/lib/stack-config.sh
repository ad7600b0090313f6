# shellcheck shell=bash
# Renders the shared nginx/, prometheus/ and blackbox/ templates for this machine, the exporters' credentials,
# and the supervisord configuration that runs every component. Output goes to $STATE/conf.

CONF="$STATE/conf"

# The values the templates take. The compose stack's init service sets the same names to its own addresses.
template_env() {
  local n
  # shellcheck disable=SC2046 # every FOOBAR_ setting (ports, addresses) must reach envsubst
  export $(compgen -v FOOBAR_)
  export FOOBAR_TLS_DIR="$PKI"
  export FOOBAR_HTTPS_SUFFIX=":$FOOBAR_HTTPS_PORT"
  [[ $FOOBAR_HTTPS_PORT == 443 ]] && FOOBAR_HTTPS_SUFFIX=""
  for n in 1 2 3; do
    export "FOOBAR_APP_$n=127.0.0.1:$((FOOBAR_APP_PORT_BASE + n))"
    export "FOOBAR_APP_${n}_MANAGEMENT=127.0.0.1:$((FOOBAR_MANAGEMENT_PORT_BASE + n))"
  done
  export FOOBAR_NGINX_STATUS="127.0.0.1:$FOOBAR_NGINX_STATUS_PORT"
  export FOOBAR_GRAFANA_LISTEN="127.0.0.1:$FOOBAR_GRAFANA_PROXY_PORT" FOOBAR_GRAFANA_UPSTREAM="127.0.0.1:$FOOBAR_GRAFANA_PORT"
  export FOOBAR_MYSQLD_EXPORTER_PRIMARY="127.0.0.1:$((FOOBAR_MYSQLD_EXPORTER_PORT_BASE + 1))"
  export FOOBAR_MYSQLD_EXPORTER_REPLICA="127.0.0.1:$((FOOBAR_MYSQLD_EXPORTER_PORT_BASE + 2))"
  export FOOBAR_NGINX_EXPORTER="127.0.0.1:$FOOBAR_NGINX_EXPORTER_PORT"
  export FOOBAR_NODE_EXPORTER="127.0.0.1:$FOOBAR_NODE_EXPORTER_PORT"
  export FOOBAR_BLACKBOX_EXPORTER="127.0.0.1:$FOOBAR_BLACKBOX_PORT"
  export FOOBAR_PROMETHEUS="127.0.0.1:$FOOBAR_PROMETHEUS_PORT"
  export FOOBAR_ALERTMANAGER="127.0.0.1:$FOOBAR_ALERTMANAGER_PORT"
  export FOOBAR_PROMETHEUS_RULES="$CONF/prometheus/rules"
  export FOOBAR_PROBE_URL="https://127.0.0.1:$FOOBAR_HTTPS_PORT/"
  export FOOBAR_STATIC_DIR="$STATE/static" FOOBAR_CACHE_DIR="$STATE/nginx-cache"
}

# render_template TEMPLATE OUT: fill every ${FOOBAR_*} in TEMPLATE; an unset one is an error naming the file.
render_template() {
  local template=$1 out=$2 vars var
  vars=$(grep -o '\${FOOBAR_[A-Z0-9_]*}' "$template" | sort -u | tr '\n' ' ' || true)
  for var in $vars; do
    var=${var#\$\{} && var=${var%\}}
    [[ -n ${!var+set} ]] || die "$template: \${$var} has no value"
  done
  mkdir -p "$(dirname "$out")"
  envsubst "$vars" <"$template" >"$out.new"
  replace_if_changed "$out"
}

# replace_if_changed FILE: move FILE.new over FILE unless identical; remembers what changed in CHANGED.
CHANGED=()
replace_if_changed() {
  if cmp -s "$1.new" "$1"; then rm -f "$1.new"; else mv "$1.new" "$1" && CHANGED+=("$1"); fi
}

render_configs() {
  template_env
  mkdir -p "$CONF/nginx/snippets" "$STATE/logs" "$STATE/run"
  cp "$ROOT/nginx/nginx.conf" "$CONF/nginx/nginx.conf.new" && replace_if_changed "$CONF/nginx/nginx.conf"
  local f
  for f in "$ROOT"/nginx/snippets/*.conf; do
    cp "$f" "$CONF/nginx/snippets/$(basename "$f").new" && replace_if_changed "$CONF/nginx/snippets/$(basename "$f")"
  done
  for f in "$ROOT"/nginx/templates/*.conf.template; do
    render_template "$f" "$CONF/nginx/foobar.d/$(basename "$f" .template)"
  done
  # nginx serves the app's static files itself (the app's pages link to their fingerprinted names).
  rm -rf "$FOOBAR_STATIC_DIR.new" && cp -r "$ROOT/src/main/resources/static" "$FOOBAR_STATIC_DIR.new"
  rm -rf "$FOOBAR_STATIC_DIR" && mv "$FOOBAR_STATIC_DIR.new" "$FOOBAR_STATIC_DIR"
  mkdir -p "$FOOBAR_CACHE_DIR" && owned_by www-data "$FOOBAR_CACHE_DIR"
  # Copied next to the config: Prometheus runs as its own user, which may not reach into this checkout.
  mkdir -p "$CONF/prometheus/rules" "$CONF/alertmanager" "$STATE/prometheus" "$STATE/alertmanager"
  cp "$ROOT/prometheus/rules/foobar.rules.yml" "$CONF/prometheus/rules/foobar.rules.yml.new"
  replace_if_changed "$CONF/prometheus/rules/foobar.rules.yml"
  cp "$ROOT/alertmanager/alertmanager.yml" "$CONF/alertmanager/alertmanager.yml.new"
  replace_if_changed "$CONF/alertmanager/alertmanager.yml"
  owned_by prometheus -R "$STATE/prometheus" "$STATE/alertmanager"
  render_template "$ROOT/prometheus/prometheus.yml.template" "$CONF/prometheus/prometheus.yml"
  render_template "$ROOT/blackbox/blackbox.yml.template" "$CONF/blackbox/blackbox.yml"
  exporter_cnf primary && exporter_cnf replica
}

# mysqld_exporter reads its credentials from a my.cnf; it verifies the server against the local CA.
exporter_cnf() {
  local out="$CONF/exporters/$1.cnf"
  mkdir -p "$CONF/exporters" && chmod 700 "$CONF/exporters"
  (umask 077 && printf '[client]\nuser=foobar_exporter\npassword=%s\nhost=127.0.0.1\nport=%s\nssl-ca=%s\n' \
    "$(secret db-exporter)" "$(db_port "$1")" "$PKI/ca.crt" >"$out.new")
  replace_if_changed "$out"
  owned_by prometheus "$CONF/exporters" "$out"
}

# owned_by USER PATH...: what USER's component must read or write (when bin/foobar runs as root).
owned_by() {
  local user=$1
  shift
  if [[ $EUID -eq 0 ]] && id "$user" >/dev/null 2>&1; then chown "$user:" "$@"; fi
}

# Grafana (where installed) runs as the grafana user of its package: its data and a copy of its admin password.
grafana_files() {
  mkdir -p "$STATE/grafana" "$CONF/grafana" && chmod 700 "$CONF/grafana"
  (umask 077 && secret grafana-admin >"$CONF/grafana/admin-password")
  owned_by grafana -R "$STATE/grafana" "$CONF/grafana"
}

nginx_args() {
  echo "-p $CONF/nginx -c $CONF/nginx/nginx.conf -e stderr -g 'daemon off; pid $STATE/run/nginx.pid; user www-data;'"
}

# program NAME COMMAND [AUTOSTART] [USER]: one supervisord program; restarted when it dies, its output in
# $STATE/logs/NAME.log; run as USER when bin/foobar runs as root.
program() {
  printf '\n[program:%s]\ncommand=%s\nautostart=%s\n' "$1" "$2" "${3:-true}"
  if [[ -n ${4:-} && $EUID -eq 0 ]]; then echo "user=$4"; fi
  cat <<EOF
autorestart=true
startsecs=3
startretries=100
stopwaitsecs=30
stopasgroup=true
killasgroup=true
redirect_stderr=true
stdout_logfile=$STATE/logs/$1.log
stdout_logfile_maxbytes=20MB
stdout_logfile_backups=3
EOF
}

supervisor_conf() {
  local out="$CONF/supervisord.conf" n env var
  # The children (bin/foobar run app-N) must see the same ports and state as this run.
  env="FOOBAR_STATE_DIR=\"$STATE\",FOOBAR_JAVA_HOME=\"$JAVA_HOME\""
  for var in $(compgen -v | grep -E '^FOOBAR_[A-Z0-9_]*(PORT|PORT_BASE|LISTEN)$'); do
    env+=",$var=\"${!var}\""
  done
  {
    cat <<EOF
; Generated by bin/foobar from bin/lib/stack-config.sh: one process per component, restarted when it dies.
[unix_http_server]
file=$STATE/run/supervisor.sock
chmod=0700

[supervisord]
pidfile=$STATE/run/supervisord.pid
logfile=$STATE/logs/supervisord.log
childlogdir=$STATE/logs
environment=$env

[rpcinterface:supervisor]
supervisor.rpcinterface_factory=supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://$STATE/run/supervisor.sock
EOF
    # The replicas start one at a time (bin/foobar up): three JVMs starting at once on two cores time out.
    for n in 1 2 3; do program "app-$n" "$ROOT/bin/foobar run app-$n" false; done
    program nginx "/usr/sbin/nginx $(nginx_args)"
    program prometheus "/usr/bin/prometheus --config.file=$CONF/prometheus/prometheus.yml \
--storage.tsdb.path=$STATE/prometheus --storage.tsdb.retention.size=512MB --web.listen-address=$FOOBAR_PROMETHEUS \
--web.enable-lifecycle" true prometheus
    program alertmanager "/usr/bin/prometheus-alertmanager --config.file=$CONF/alertmanager/alertmanager.yml \
--storage.path=$STATE/alertmanager --web.listen-address=$FOOBAR_ALERTMANAGER --cluster.listen-address=" true prometheus
    program node-exporter "/usr/bin/prometheus-node-exporter --web.listen-address=$FOOBAR_NODE_EXPORTER" true prometheus
    program nginx-exporter "/usr/bin/prometheus-nginx-exporter -nginx.scrape-uri=http://$FOOBAR_NGINX_STATUS/stub_status \
-web.listen-address=$FOOBAR_NGINX_EXPORTER" true prometheus
    program blackbox-exporter "/usr/bin/prometheus-blackbox-exporter --config.file=$CONF/blackbox/blackbox.yml \
--web.listen-address=$FOOBAR_BLACKBOX_EXPORTER" true prometheus
    if command -v grafana-server >/dev/null; then
      grafana_files
      program grafana "/usr/sbin/grafana-server --homepath=/usr/share/grafana \
cfg:default.paths.provisioning=$ROOT/grafana/provisioning cfg:default.paths.data=$STATE/grafana \
cfg:default.server.http_addr=127.0.0.1 cfg:default.server.http_port=$FOOBAR_GRAFANA_PORT" true grafana
      printf 'environment=GF_SECURITY_ADMIN_PASSWORD__FILE="%s",FOOBAR_PROMETHEUS_URL="http://%s",FOOBAR_GRAFANA_DASHBOARDS="%s"\n' \
        "$CONF/grafana/admin-password" "$FOOBAR_PROMETHEUS" "$ROOT/grafana/dashboards"
    fi
    for n in primary replica; do
      local var="FOOBAR_MYSQLD_EXPORTER_${n^^}"
      program "mysqld-exporter-$n" "/usr/bin/prometheus-mysqld-exporter --config.my-cnf=$CONF/exporters/$n.cnf \
--web.listen-address=${!var}" true prometheus
    done
  } >"$out.new"
  replace_if_changed "$out"
}
