#!/bin/bash
# TEST STAND-IN entrypoint: the program, as its official image runs it. One difference is made up for: the official
# mysqld_exporter (0.16) reads its my.cnf's certificate and key again at each scrape, Debian's (0.14) at start only,
# so that one is restarted here when they change (a renewal), which amounts to the same for its scrapes.
set -euo pipefail
[[ $PROGRAM == prometheus-mysqld-exporter ]] || exec "/usr/bin/$PROGRAM" "$@"

cnf=$(printf '%s\n' "$@" | sed -n 's/^--config.my-cnf=//p')
mapfile -t files < <(sed -n 's/^ssl-\(cert\|key\)=//p' "$cnf")
digest() { cat "${files[@]}" 2>/dev/null | sha256sum; }
pid=
trap '[[ -z $pid ]] || kill "$pid"; exit 0' TERM INT
while true; do
  "/usr/bin/$PROGRAM" "$@" &
  pid=$! taken=$(digest)
  while kill -0 "$pid" 2>/dev/null && [[ $(digest) == "$taken" ]]; do sleep 5; done
  kill "$pid" 2>/dev/null || true
  wait "$pid" || true
done
