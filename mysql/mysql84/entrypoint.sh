#!/bin/bash
# The MySQL containers' entrypoint: the official image's (docker-entrypoint.sh, unchanged) with a watcher beside
# the server. MySQL reads its certificate, key and clients' CA at start only; the cert-renewer service replaces both in their
# volumes before they end, and the watcher has the server take them with ALTER INSTANCE RELOAD TLS (new
# connections get the new certificate, open ones keep theirs; the statement is not written to the binlog, and when
# the files do not make a pair the server keeps the old ones and the watcher tries again). The watcher runs as the
# mysql user and speaks to the server over its socket as root@localhost, whose password it reads from the secret
# file into a descriptor: never an argument or an environment variable.
set -euo pipefail

CERT=/run/foobar/pki/db.crt KEY=/run/foobar/keys/db.key CLIENT_CA=/run/foobar/pki/db-client-ca.crt

tls_digest() { cat "$CERT" "$KEY" "$CLIENT_CA" 2>/dev/null | sha256sum; }

watch_tls() {
  local taken now
  taken=$(tls_digest)
  while sleep 30; do
    now=$(tls_digest)
    [[ $now != "$taken" ]] || continue
    if mysql --defaults-extra-file=<(printf '[client]\nuser=root\npassword="%s"\n' "$(<"$MYSQL_ROOT_PASSWORD_FILE")") \
      --protocol=socket --batch <<<'ALTER INSTANCE RELOAD TLS'; then
      taken=$now && echo "foobar: the server took its renewed certificate ($CERT)" >&2
    fi
  done
}

if [[ ${1:-} == --watch-tls ]]; then watch_tls; exit; fi
gosu mysql "${BASH_SOURCE[0]}" --watch-tls &
exec docker-entrypoint.sh "$@"
