# shellcheck shell=bash
# A Docker engine of the project's own, for the compose tests: Debian's docker.io started by hand (no systemd) with
# its data, sockets and PID file under $DOCKER_DIR, so nothing system-wide is used or touched, and Compose v2 as a
# CLI plugin. Debian 12 has only the old Python docker-compose; Debian 13's docker-compose package is one Go binary.

DOCKER_DIR="${FOOBAR_DOCKER_DIR:-$STATE/docker}"
COMPOSE_PLUGIN=/usr/local/lib/docker/cli-plugins/docker-compose

# trixie_binary PACKAGE PATH DEST: install the file PATH of Debian 13's PACKAGE (a Go binary needing only libc)
# as DEST, fetched with apt through a private source list (the machine's own apt setup is untouched).
trixie_binary() {
  local apt=$STATE/apt-trixie mirror debs
  mirror=$(grep -hE '^(URIs:|deb )' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null \
    | grep -oE 'https?://[^ ]+/debian/?( |$)' | head -1 || true)
  mkdir -p "$apt/lists/partial" "$apt/archives/partial" "$apt/root"
  echo "deb ${mirror:-http://deb.debian.org/debian} trixie main" >"$apt/sources.list"
  local opts=(-o "Dir::Etc::SourceList=$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache::Archives=$apt/archives" -o APT::Sandbox::User=root)
  as_root apt-get "${opts[@]}" update -qq
  (cd "$apt/archives" && as_root apt-get "${opts[@]}" download -qq "$1/trixie")
  debs=("$apt/archives/$1"_*.deb)
  dpkg -x "${debs[-1]}" "$apt/root"
  as_root install -D -m 0755 "$apt/root/$2" "$3"
}

ensure_compose_plugin() {
  docker compose version >/dev/null 2>&1 && return 0
  log "installing Compose v2 (Debian 13's docker-compose package) as a docker CLI plugin"
  trixie_binary docker-compose usr/libexec/docker/cli-plugins/docker-compose "$COMPOSE_PLUGIN"
  docker compose version >/dev/null || die "docker compose does not run from $COMPOSE_PLUGIN"
}

ensure_docker() {
  ensure_packages docker.io debootstrap
  ensure_compose_plugin
}

# engine_up: start the project's dockerd unless it runs; DOCKER_HOST points every client at it.
engine_up() {
  export DOCKER_HOST="unix://$DOCKER_DIR/docker.sock"
  alive "$DOCKER_DIR/dockerd.pid" && return 0
  mkdir -p "$DOCKER_DIR"
  log "starting the test Docker engine (data in $DOCKER_DIR)"
  as_root dockerd --data-root "$DOCKER_DIR/data" --exec-root "$DOCKER_DIR/exec" -H "$DOCKER_HOST" \
    --pidfile "$DOCKER_DIR/dockerd.pid" --containerd-namespace foobar-test --containerd-plugins-namespace foobar-test-plugins \
    >"$DOCKER_DIR/dockerd.log" 2>&1 &
  retry 60 0.5 docker version >/dev/null 2>&1 || { tail -20 "$DOCKER_DIR/dockerd.log" >&2; die "dockerd did not start"; }
}

# engine_down: stop the project's dockerd by its PID (it stops its containers and its containerd first).
engine_down() {
  stop_pid "$DOCKER_DIR/dockerd.pid" dockerd
}
