# shellcheck shell=bash
# bin/foobar bench: GET / through the edge with wrk, first with TLS to the replicas (the stack as `up` runs it),
# then with a plaintext upstream, to show what re-encryption costs. A benchmark: it prints figures, judges nothing.
# The plaintext run is temporary: the replicas restart without TLS on their public port (still loopback only),
# nginx proxies over http, and afterwards the stack is put back as `up` left it.

: "${FOOBAR_BENCH_WARMUP:=120}"   # seconds; a fresh JVM runs at a tenth of its steady rate
: "${FOOBAR_BENCH_DURATION:=30}"
: "${FOOBAR_BENCH_CONNECTIONS:=32}"

bench() {
  alive "$STATE/run/supervisord.pid" || die "the stack is not running: run bin/foobar up first"
  ensure_packages wrk
  template_env
  trap bench_restore EXIT
  bench_run tls "TLS to the replicas"
  bench_plain_upstream
  bench_run plain "plaintext upstream"
  bench_restore
  trap - EXIT
  log "summary (wrk -t2 -c$FOOBAR_BENCH_CONNECTIONS -d${FOOBAR_BENCH_DURATION}s, GET / through the edge):"
  bench_summary tls && bench_summary plain
}

bench_run() {
  local out="$STATE/logs/bench-$1.txt" args=(-t2 "-c$FOOBAR_BENCH_CONNECTIONS" -H "Host: www.foobar.com")
  local url="https://127.0.0.1:$FOOBAR_HTTPS_PORT/"
  check_url "https://www.foobar.com:$FOOBAR_HTTPS_PORT/" || die "$2: GET / through the edge fails"
  log "$2: warming up for ${FOOBAR_BENCH_WARMUP}s"
  wrk "${args[@]}" "-d${FOOBAR_BENCH_WARMUP}s" "$url" >/dev/null
  log "$2: measuring for ${FOOBAR_BENCH_DURATION}s"
  wrk "${args[@]}" "-d${FOOBAR_BENCH_DURATION}s" --latency "$url" | tee "$out"
  # Figures of failed requests are no figures at all.
  ! grep -E 'Non-2xx|Socket errors' "$out" || die "$2: some requests failed (see $out)"
}

bench_summary() {
  awk -v run="$1" '/Requests\/sec/ { rps = $2 } $1 == "50%" { p50 = $2 } $1 == "99%" { p99 = $2 }
    END { printf "    %-6s %10s req/s   p50 %8s   p99 %8s\n", run, rps, p50, p99 }' "$STATE/logs/bench-$1.txt" >&2
}

bench_plain_upstream() {
  local n
  log "switching to a plaintext upstream (temporary)"
  supervisorctl_ stop app-1 app-2 app-3 >/dev/null
  sed -i 's#proxy_pass https://#proxy_pass http://#' "$CONF/nginx/snippets/proxy-to-app.conf"
  supervisorctl_ signal HUP nginx >/dev/null
  # One at a time, as `up` does: three JVMs starting at once on two cores time out their database connects.
  for n in 1 2 3; do
    SERVER_SSL_ENABLED=false "$ROOT/bin/foobar" run "app-$n" >"$STATE/logs/bench-app-$n.log" 2>&1 &
    echo $! >"$STATE/run/bench-app-$n.pid"
    wait_for_url "app-$n" 180
  done
}

# Whatever happened, the plaintext replicas go and the stack is as `up` left it.
bench_restore() {
  local n
  for n in 1 2 3; do stop_pid "$STATE/run/bench-app-$n.pid" "plaintext app-$n"; done
  render_configs
  supervisorctl_ signal HUP nginx >/dev/null
  start_apps
}
