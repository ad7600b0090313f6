# shellcheck shell=bash
# Shared helpers for bin/foobar: logging, the state directory, ports, process handling.
# Every port and path can be overridden from the environment so two stacks never collide.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck disable=SC2034 # read by the other libraries
STATE="${FOOBAR_STATE_DIR:-$ROOT/.foobar}"
export JAVA_HOME="${FOOBAR_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"

: "${FOOBAR_LISTEN:=127.0.0.1}"
: "${FOOBAR_HTTPS_PORT:=8443}"
: "${FOOBAR_HTTP_PORT:=8080}"
: "${FOOBAR_DB_PRIMARY_PORT:=18306}"
: "${FOOBAR_DB_REPLICA_PORT:=18307}"
: "${FOOBAR_DB_NAME:=foobar}"
: "${FOOBAR_APP_PORT_BASE:=18450}"        # app-N serves HTTPS on BASE+N
: "${FOOBAR_MANAGEMENT_PORT_BASE:=18550}" # and its actuator on BASE+N
: "${FOOBAR_NGINX_STATUS_PORT:=18081}"
: "${FOOBAR_PROMETHEUS_PORT:=19090}"
: "${FOOBAR_ALERTMANAGER_PORT:=19093}"
: "${FOOBAR_NODE_EXPORTER_PORT:=19100}"
: "${FOOBAR_MYSQLD_EXPORTER_PORT_BASE:=19103}" # primary BASE+1, replica BASE+2
: "${FOOBAR_NGINX_EXPORTER_PORT:=19113}"
: "${FOOBAR_BLACKBOX_PORT:=19115}"
: "${FOOBAR_GRAFANA_PORT:=13000}"
: "${FOOBAR_GRAFANA_PROXY_PORT:=13001}"   # nginx's operator-only listener in front of Grafana
: "${FOOBAR_PEBBLE_PORT_BASE:=14000}"    # the test ACME CA (bin/lib/cert-drill.sh): BASE, management +1, DNS +2
# the log collector: syslog over TLS, on the loopback (logs/collector.conf.template)
: "${FOOBAR_LOG_COLLECTOR_PORT:=16514}"
# shellcheck disable=SC2034 # read by stack.sh
APPS=(app-1 app-2 app-3)

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
warn() { printf '\033[1;33mwarning:\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# as_root CMD...: run as root, through sudo when needed; says clearly when neither is possible.
as_root() {
  if [[ $EUID -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "'$*' needs root: run as root or install sudo"; fi
}

# retry N DELAY CMD...: run CMD until it succeeds, at most N times.
retry() {
  local tries=$1 delay=$2 i
  shift 2
  for ((i = 1; i <= tries; i++)); do
    "$@" && return 0
    sleep "$delay"
  done
  return 1
}

# alive PIDFILE: the process recorded in PIDFILE is running.
alive() { [[ -s $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

# stop_pid PIDFILE [NAME]: TERM the recorded process, wait up to 30 s, then KILL. Never by name.
stop_pid() {
  local pidfile=$1 name=${2:-$1} pid i
  alive "$pidfile" || { rm -f "$pidfile"; return 0; }
  pid=$(cat "$pidfile")
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 300; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    warn "$name did not stop in 30 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

# render TEMPLATE OUT VARS: substitute only the named ${VARS} (envsubst leaves the rest alone).
render() {
  local template=$1 out=$2 vars=$3
  envsubst "$vars" <"$template" >"$out"
}
