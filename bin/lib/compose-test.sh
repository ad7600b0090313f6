#!/usr/bin/env bash
# docker-compose.yml end to end on a real Docker engine of the test's own (bin/lib/docker.sh): the project's images
# built from the real Dockerfile, the official ones replaced by the stand-ins of test/compose/ (no registry here),
# then checked through the edge as a user would. Everything it starts is its own compose project on its own engine,
# removed at the end (down -v, then the engine stopped by its PID).
set -Eeuo pipefail
# shellcheck source=load.sh
source "$(dirname "${BASH_SOURCE[0]}")/load.sh"

STANDINS=$ROOT/test/compose/standins
BASE=foobar-test/debian-standin:bookworm
export COMPOSE_PROJECT_NAME=foobar-test FOOBAR_COMPOSE_PUBLISH_ADDRESS=127.0.0.1
export FOOBAR_COMPOSE_HTTP_PORT=$((FOOBAR_HTTP_PORT + 1)) FOOBAR_COMPOSE_HTTPS_PORT=$((FOOBAR_HTTPS_PORT + 1))
export FOOBAR_COMPOSE_GRAFANA_PORT=$((FOOBAR_GRAFANA_PROXY_PORT + 1))
# 5-minute leaves: each is renewed (and taken by its server) while the checks run (check_cert_renewal).
export FOOBAR_COMPOSE_CERT_MINUTES=5
# shellcheck source=compose-checks.sh
source "$LIB/compose-checks.sh"
compose() { docker compose -f "$ROOT/docker-compose.yml" -f "$ROOT/test/compose/docker-compose.standins.yml" "$@"; }

has_image() { docker image inspect "$1" >/dev/null 2>&1; }
build() { docker build -q "$@" >"$DOCKER_DIR/build.log" 2>&1 || { tail -30 "$DOCKER_DIR/build.log" >&2; die "docker build $* failed"; }; }

# The stand-ins' base: a Debian rootfs with this machine's CA bundle (its registries need it; a user's do not),
# and a JDK image from it with this machine's Temurin 25 where the official image has its JDK.
base_images() {
  local dir=$DOCKER_DIR/rootfs program bin
  if ! has_image "$BASE"; then
    log "building the stand-ins' Debian base image (debootstrap)"
    as_root rm -rf "$dir" && mkdir -p "$dir"
    as_root debootstrap --variant=minbase --include=ca-certificates,curl,wget bookworm "$dir" \
      http://deb.debian.org/debian >"$DOCKER_DIR/debootstrap.log" 2>&1 || die "debootstrap failed: $DOCKER_DIR/debootstrap.log"
    as_root cp /etc/ssl/certs/ca-certificates.crt "$dir/etc/ssl/certs/ca-certificates.crt"
    as_root tar -C "$dir" -c . | docker import - "$BASE" >/dev/null
    as_root rm -rf "$dir"
  fi
  if ! has_image foobar-test/temurin-standin:25; then
    rm -rf "$DOCKER_DIR/jdk" && mkdir -p "$DOCKER_DIR/jdk"
    cp -rL "$JAVA_HOME" "$DOCKER_DIR/jdk/openjdk"
    printf '%s\n' "FROM $BASE" 'COPY openjdk /opt/java/openjdk' 'ENV JAVA_HOME=/opt/java/openjdk' \
      'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      >"$DOCKER_DIR/jdk/Dockerfile"
    build -t foobar-test/temurin-standin:25 "$DOCKER_DIR/jdk"
    rm -rf "$DOCKER_DIR/jdk"
  fi
  # Built every run (from the cache when unchanged, in seconds), so a changed stand-in is never run stale.
  build --build-arg "BASE=$BASE" -t foobar-test/mysql-standin:mariadb "$STANDINS/mysql"
  build --build-arg "BASE=$BASE" -t foobar-test/nginx-standin:debian "$STANDINS/nginx"
  for program in prometheus alertmanager node-exporter nginx-exporter mysqld-exporter blackbox-exporter; do
    bin=prometheus-$program && [[ $program != prometheus ]] || bin=prometheus
    build --build-arg "BASE=$BASE" --build-arg "PROGRAM=$bin" -t "foobar-test/$program-standin:debian" "$STANDINS/prometheus"
  done
}

# On a failure, what each container said, kept in the logs directory, before the project is removed.
cleanup() {
  local rc=$?
  if ((rc != 0)); then
    mkdir -p "$STATE/logs"
    { compose ps -a; compose logs --no-color --timestamps; } >"$STATE/logs/compose.log" 2>&1 || true
    compose ps -a >&2 || true
    warn "the compose test failed: every container's log is in $STATE/logs/compose.log"
  fi
  docker rm -f foobar-test-newcomer >/dev/null 2>&1 || true
  compose down -v --remove-orphans >/dev/null 2>&1 || true
  engine_down
}

ensure_docker
engine_up
trap cleanup EXIT
log "compose: base and stand-in images"
base_images
log "compose: the project's images from the Dockerfile"
compose build -q
log "compose: up"
compose up -d --quiet-pull
compose_checks
