# shellcheck shell=bash
# Renders the shared nginx/, prometheus/ and blackbox/ templates for this machine, the exporters' credentials,
# and the supervisord configuration that runs every component. Output goes to $STATE/conf.

CONF="$STATE/conf"

# The values the templates take: this mode's addresses and paths (config/native.env; compose's init service reads
# config/compose.env, with the same keys) and every FOOBAR_ setting (ports) for envsubst.
template_env() {
  # shellcheck disable=SC2046 # every FOOBAR_ setting (ports, addresses) must reach envsubst
  export $(compgen -v FOOBAR_)
  load_env "$ROOT/config/native.env"
}

# load_env FILE: the KEY=value lines of FILE (bash expansions allowed), exported.
load_env() {
  set -a
  # shellcheck source=/dev/null
  source "$1"
  set +a
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
  # The logs name accounts and addresses: for the operator only (supervisord, root, writes every one of them).
  chmod 700 "$STATE/logs"
  cp "$ROOT/nginx/nginx.conf" "$CONF/nginx/nginx.conf.new" && replace_if_changed "$CONF/nginx/nginx.conf"
  local f
  for f in "$ROOT"/nginx/snippets/*.conf; do
    cp "$f" "$CONF/nginx/snippets/$(basename "$f").new" && replace_if_changed "$CONF/nginx/snippets/$(basename "$f")"
  done
  for f in "$ROOT"/nginx/templates/*.conf.template; do
    render_template "$f" "$CONF/nginx/foobar.d/$(basename "$f" .template)"
  done
  # nginx serves the app's static files itself (the app's pages link to their fingerprinted names).
  # shellcheck disable=SC2153 # set by config/native.env
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
  log_shipping_files
}

# The log collector's and shipper's configs (logs/). The collector runs as foobar-logs: its store and its copy of
# its certificate and key are that user's only (a change restarts it: reload_changed).
log_shipping_files() {
  local dir=$CONF/log-collector f
  export FOOBAR_LOG_STORE=$STATE/logstore FOOBAR_LOG_COLLECTOR_DIR=$dir FOOBAR_LOG_COLLECTOR_PORT \
    FOOBAR_LOG_DIR=$STATE/logs FOOBAR_LOG_SHIPPER_DIR=$STATE/run/log-shipper FOOBAR_TLS_DIR=$PKI
  mkdir -p "$dir" "$FOOBAR_LOG_STORE" "$FOOBAR_LOG_SHIPPER_DIR" && chmod 700 "$dir" "$FOOBAR_LOG_STORE"
  for f in crt key; do (umask 077 && cp "$PKI/logs.$f" "$dir/logs.$f.new") && replace_if_changed "$dir/logs.$f"; done
  owned_by foobar-logs -R "$dir" && owned_by foobar-logs "$FOOBAR_LOG_STORE" # what is in it is the collector's
  render_template "$ROOT/logs/collector.conf.template" "$CONF/logs/collector.conf"
  render_template "$ROOT/logs/shipper.conf.template" "$CONF/logs/shipper.conf"
}

# mysqld_exporter reads its credentials from a my.cnf: its account's password, certificate and key (copies of its
# own: it runs as the prometheus user, and a change restarts it, as Debian's exporter reads them at start only);
# it verifies the server against the database CA.
exporter_cnf() {
  local out="$CONF/exporters/$1.cnf" dir="$CONF/exporters" f
  mkdir -p "$dir" && chmod 700 "$dir"
  for f in crt key; do (umask 077 && cp "$PKI/db-client-exporter.$f" "$dir/client.$f.new") && replace_if_changed "$dir/client.$f"; done
  (umask 077 && exporter_my_cnf 127.0.0.1 "$(db_port "$1")" "$PKI/db-ca.crt" "$dir/client.crt" "$dir/client.key" >"$out.new")
  replace_if_changed "$out"
  owned_by prometheus "$dir" "$out" "$dir"/client.*
}

# exporter_my_cnf HOST PORT CA CERT KEY: mysqld_exporter's my.cnf in every run mode, with its account's password.
exporter_my_cnf() {
  printf '[client]\nuser=foobar_exporter\npassword=%s\nhost=%s\nport=%s\nssl-ca=%s\nssl-cert=%s\nssl-key=%s\n' \
    "$(secret db-exporter)" "$@"
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

# supervisord's configuration, from supervisor/*.template; Grafana's program only where its package is installed.
supervisor_conf() {
  local var
  # The children (bin/foobar run app-N) must see the same ports and state as this run (KEY="value" pairs).
  FOOBAR_SUPERVISOR_ENV=$(
    printf 'FOOBAR_STATE_DIR="%s",FOOBAR_JAVA_HOME="%s"' "$STATE" "$JAVA_HOME"
    for var in $(compgen -v | grep -E '^FOOBAR_[A-Z0-9_]*(PORT|PORT_BASE|LISTEN)$'); do printf ',%s="%s"' "$var" "${!var}"; done
  )
  export FOOBAR_SUPERVISOR_ENV FOOBAR_ROOT=$ROOT FOOBAR_CONF_DIR=$CONF FOOBAR_STATE_DIR=$STATE
  export FOOBAR_RUN_AS_PROMETHEUS FOOBAR_RUN_AS_GRAFANA FOOBAR_RUN_AS_LOGS
  FOOBAR_RUN_AS_PROMETHEUS=$(run_as prometheus) FOOBAR_RUN_AS_GRAFANA=$(run_as grafana) FOOBAR_RUN_AS_LOGS=$(run_as foobar-logs)
  render_template "$ROOT/supervisor/supervisord.conf.template" "$CONF/supervisord.conf"
  mkdir -p "$CONF/supervisor.d"
  if command -v grafana-server >/dev/null; then
    grafana_files
    render_template "$ROOT/supervisor/grafana.conf.template" "$CONF/supervisor.d/grafana.conf"
  else
    rm -f "$CONF/supervisor.d/grafana.conf"
  fi
}

# run_as USER: USER when bin/foobar runs as root (the component drops to it), else the user running it.
run_as() { if [[ $EUID -eq 0 ]]; then echo "$1"; else id -un; fi; }
