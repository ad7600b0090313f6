# shellcheck shell=bash
# Local certificate authorities, one per purpose: a server CA per hop (edge, app, db, logs), name-constrained to
# its hop's names, so the app's key never passes as the database's and the edge CA visitors trust vouches for
# foobar.com only; and db-client, whose leaves are the database accounts' own certificates (each account must show
# its own, besides its password: accounts.sql). Plus the random secrets. Created in $STATE, keys mode 0600, never
# in git.
# Leaves are short-lived and renewed by a process of their own (run_cert_renewer); each server takes the new one
# without a restart: nginx reads edge.pem at every handshake, MariaDB is sent FLUSH LOCAL SSL, the app replicas
# watch their files (reload-on-update).

PKI="$STATE/pki"
SECRETS="$STATE/secrets"

# secret NAME: print the secret NAME, generating 32 random alphanumerics on first use.
secret() {
  local file="$SECRETS/$1"
  if [[ ! -s $file ]]; then
    mkdir -p "$SECRETS" && chmod 700 "$SECRETS"
    (umask 077 && openssl rand -base64 48 | tr -dc 'A-Za-z0-9' | head -c 32 >"$file")
  fi
  cat "$file"
}

# Each hop: its CA's name constraints and its leaf's subject and names. Native clients reach every server on
# 127.0.0.1, compose's by service name.
LOCALHOST="DNS:localhost,IP:127.0.0.1"
declare -A HOP_NAMES=(
  [edge]="DNS:www.foobar.com,DNS:foobar.com,$LOCALHOST"
  [app]="$LOCALHOST,DNS:app,DNS:app-1,DNS:app-2,DNS:app-3"
  [db]="$LOCALHOST,DNS:mysql-primary,DNS:mysql-replica"
  [logs]="$LOCALHOST,DNS:logs"
)
declare -A HOP_CN=([edge]="www.foobar.com" [app]="foobar app" [db]="foobar database" [logs]="logs")
CA_DAYS=365

# The database accounts that authenticate with a certificate of their own (leaf db-client-NAME, subject
# /CN=foobar_NAME): the app's two, replication and the exporters; under compose the backup service's too (MySQL's
# CLONE needs an account; natively mariadb-backup runs as root over the socket).
db_clients() { printf '%s\n' app migrate repl exporter; [[ -z ${FOOBAR_COMPOSE_OUT:-} ]] || echo backup; }
# ca_leaves CA: the leaves CA issues. The logs hop's: the collector's (a server) and the shipper's (its client).
ca_leaves() {
  case $1 in
    db-client) db_clients | sed 's/^/db-client-/' ;;
    logs) printf '%s\n' logs logs-shipper ;;
    *) echo "$1" ;;
  esac
}
# ca_limits CA: what the CA may vouch for. A hop's server names; the clients' CA: client authentication only
# (OpenSSL refuses a chain through it for a server), trusted by the database servers for their clients only.
ca_limits() {
  if [[ $1 == db-client ]]; then echo "extendedKeyUsage=clientAuth"; else echo "nameConstraints=$(name_constraints "${HOP_NAMES[$1]}")"; fi
}

# Leaf lifetime in minutes: FOOBAR_CERT_MINUTES when set (kept in $PKI/leaf-minutes for the renewer), else the
# kept value, else 30 days. A leaf is renewed in the last third of its life, as cert-manager does in k8s/.
leaf_minutes() {
  if [[ -n ${FOOBAR_CERT_MINUTES:-} ]]; then
    [[ $FOOBAR_CERT_MINUTES =~ ^[1-9][0-9]*$ ]] || die "FOOBAR_CERT_MINUTES must be a number of minutes"
    [[ $(cat "$PKI/leaf-minutes" 2>/dev/null) == "$FOOBAR_CERT_MINUTES" ]] || echo "$FOOBAR_CERT_MINUTES" >"$PKI/leaf-minutes"
  fi
  cat "$PKI/leaf-minutes" 2>/dev/null || echo 43200
}

# name_constraints SAN: the SAN list as permitted subtrees (an IP as a /32 range).
name_constraints() {
  local IFS=, entry out=()
  for entry in $1; do
    case $entry in
      IP:*) out+=("permitted;$entry/255.255.255.255") ;;
      *) out+=("permitted;$entry") ;;
    esac
  done
  echo "critical,${out[*]}"
}

ensure_ca() {
  local hop=$1
  [[ -s $PKI/$hop-ca.crt ]] && openssl x509 -checkend $((30 * 86400)) -noout -in "$PKI/$hop-ca.crt" >/dev/null && return 0
  # A CA near its end: replaced, its leaves with it. Its clients read the new one (reload_changed: nginx, which
  # reads app-ca.crt at start only, reloads); visitors who trusted the old edge CA must be given the new one.
  [[ -s $PKI/$hop-ca.crt ]] && warn "the $hop CA ends within 30 days: replacing it and its certificates"
  log "creating the $hop certificate authority in $PKI"
  (umask 077 && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days "$CA_DAYS" \
    -keyout "$PKI/$hop-ca.key" -out "$PKI/$hop-ca.crt" -subj "/CN=foobar.com $hop hop CA" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -addext "$(ca_limits "$hop")" 2>/dev/null)
  chmod 644 "$PKI/$hop-ca.crt"
  local leaf
  for leaf in $(ca_leaves "$hop"); do rm -f "$PKI/$leaf.crt"; done
  CHANGED+=("$PKI/$hop-ca.crt")
}

# leaf_due HOP: the leaf is missing, in the last third of its life, or longer-lived than the policy allows.
leaf_due() {
  local crt=$PKI/$1.crt minutes left
  [[ -s $crt ]] || return 0
  minutes=$(leaf_minutes)
  left=$(($(date -ud "$(openssl x509 -enddate -noout -in "$crt" | cut -d= -f2)" +%s) - $(date +%s)))
  ((left < minutes * 20 || left > minutes * 60 + 60))
}

# issue_leaf LEAF: a new key and certificate from its CA (a hop's server certificate, or an account's), valid
# from 5 minutes ago (clock skew) for the policy's minutes (openssl ca: x509 -req counts whole days only), with a
# CRL distribution point (testssl flags leaves without one). The files are replaced whole, key first, each with its final mode: the key readable by its
# server only (the app replicas run as the foobar user, see ensure_users; nginx's workers read edge.pem, made
# readable to them by edge_pem), the certificate by all. The edge keeps its key until its CA is replaced:
# nginx opens edge.pem twice at each handshake, certificate then key, and a new key replacing the file between the
# two failed the handshake ("key values mismatch": 27 of 2,784 handshakes while the file was swapped at speed, none
# with one key; the certificate lifecycle drill lost a request to it).
issue_leaf() {
  local hop=$1 ca=$1 minutes work key subject ext
  case $hop in
    db-client-*) ca=db-client subject="/CN=foobar_${hop#db-client-}" ext=(extendedKeyUsage=clientAuth) ;;
    logs-shipper) ca=logs subject=/CN=shipper.logs ext=(subjectAltName=DNS:shipper.logs extendedKeyUsage=clientAuth) ;;
    *) subject="/CN=${HOP_CN[$hop]}" ext=("subjectAltName=${HOP_NAMES[$hop]}" "extendedKeyUsage=serverAuth,clientAuth") ;;
  esac
  minutes=$(leaf_minutes)
  work=$(mktemp -d "$PKI/.issue.XXXXXX")
  : >"$work/index.txt" && openssl rand -hex 16 >"$work/serial"
  printf '%s\n' '[ca]' 'default_ca=hop' '[hop]' "database=$work/index.txt" "new_certs_dir=$work" \
    "serial=$work/serial" 'default_md=sha256' 'policy=any' 'unique_subject=no' '[any]' 'commonName=supplied' >"$work/ca.cnf"
  printf '%s\n' "${ext[@]}" "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature,keyEncipherment" \
    "crlDistributionPoints=URI:http://pki.foobar.com/$ca-ca.crl" >"$work/ext.cnf"
  key=(-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/key")
  if [[ $hop == edge && -s $PKI/edge.crt && -s $PKI/edge.key ]]; then # a renewal under the same CA (ensure_ca)
    key=(-key "$work/key") && cp -p "$PKI/edge.key" "$work/key"
  fi
  (umask 077 && openssl req -new "${key[@]}" -subj "$subject" -out "$work/csr" 2>/dev/null)
  openssl ca -batch -notext -config "$work/ca.cnf" -cert "$PKI/$ca-ca.crt" -keyfile "$PKI/$ca-ca.key" \
    -startdate "$(date -ud '-5 min' +%Y%m%d%H%M%SZ)" -enddate "$(date -ud "+$minutes min" +%Y%m%d%H%M%SZ)" \
    -extfile "$work/ext.cnf" -in "$work/csr" -out "$work/crt" 2>"$work/err" \
    || { cat "$work/err" >&2; rm -rf "$work"; die "could not issue the $hop certificate"; }
  chmod 644 "$work/crt"
  if [[ $hop == app ]]; then app_readable "$work/key"; fi
  mv "$work/key" "$PKI/$hop.key" && mv "$work/crt" "$PKI/$hop.crt" && rm -rf "$work"
}

# renew_forever STEP: a certificate renewer (natively supervisord's cert-renewer, under compose its service). At
# each check, every tenth of a leaf's life (5 s to a minute), STEP
# renews what is due (a failure is warned of and tried again), and each certificate's dates go to node-exporter's
# textfile directory (FoobarCertificateNotRenewed). SIGTERM stops it between checks, never half-way through a
# renewal: `up` restarts it (new code, a new policy acted on at once), and a stop waits for the check under way.
renew_forever() {
  local pause sleeper=""
  trap '[[ -z $sleeper ]] || kill "$sleeper" 2>/dev/null; exit 0' TERM
  while true; do
    ("$1") || warn "renewing the certificates failed; tried again at the next check"
    cert_metrics | textfile_metrics certificates
    pause=$(($(leaf_minutes) * 6))
    sleep $((pause < 5 ? 5 : pause > 60 ? 60 : pause)) &
    sleeper=$!
    wait "$sleeper" || true
    sleeper=""
  done
}

# pki_lock / pki_unlock: one writer of the keys and certificates at a time (`up` and the renewer run at once, and
# two renewals of one hop would leave one's key beside the other's certificate).
pki_lock() { mkdir -p "$STATE" && exec {PKI_LOCK}>"$STATE/pki.lock" && flock "$PKI_LOCK"; }
pki_unlock() { exec {PKI_LOCK}>&-; }

ensure_pki() {
  # Open to all, always (a renewal runs while nginx's workers read the edge's file): the keys are each 0600/0640.
  mkdir -p "$PKI" && chmod 755 "$PKI"
  if [[ -s $PKI/ca.crt ]]; then # one CA for every hop, before there was one per hop
    log "replacing the single local CA by one CA per hop"
    rm -f "$PKI"/ca.* "$PKI"/*.crt "$PKI"/*.key "$PKI/truststore.p12"
  fi
  local ca leaf
  for ca in edge app db db-client logs; do
    ensure_ca "$ca"
    for leaf in $(ca_leaves "$ca"); do
      if leaf_due "$leaf"; then
        [[ -s $PKI/$leaf.crt ]] && log "renewing the $leaf certificate"
        issue_leaf "$leaf"
        CHANGED+=("$PKI/$leaf.crt")
      fi
    done
  done
  edge_pem # nginx's edge certificate: ACME's (acme.sh) or this leaf
  db_client_keystores
  # Connector/J and the JVM read a PKCS12 trust store, not PEM: the database CA only.
  if [[ ! $PKI/truststore.p12 -nt $PKI/db-ca.crt ]]; then
    secret truststore >/dev/null # the password from its file, not the command line
    rm -f "$PKI/truststore.p12.new"
    (umask 077 && "$JAVA_HOME/bin/keytool" -importcert -noprompt -alias foobar-db-ca -file "$PKI/db-ca.crt" \
      -keystore "$PKI/truststore.p12.new" -storetype PKCS12 -storepass:file "$SECRETS/truststore" >/dev/null 2>&1) \
      || die "could not write $PKI/truststore.p12"
    app_readable "$PKI/truststore.p12.new"
    mv "$PKI/truststore.p12.new" "$PKI/truststore.p12"
  fi
  # The operator's checks trust the edge's issuer (the local edge CA, or the ACME CA's intermediate: curl accepts a
  # partial chain) and the app hop's CA.
  cat "$PKI/edge-ca.crt" "$PKI/app-ca.crt" "$(edge_issuer)" >"$PKI/operator-trust.pem.new"
  chmod 644 "$PKI/operator-trust.pem.new" && replace_if_changed "$PKI/operator-trust.pem"
  # Made before the foobar user existed (`bin/foobar check` before the first `up`): given to it now.
  if [[ $(stat -c %G "$PKI/app.key" "$PKI"/*.p12 | sort -u) != foobar ]]; then
    app_readable "$PKI/app.key" "$PKI"/*.p12
  fi
}

# db_client_keystores: the app's two accounts' keys and certificates as PKCS12 key stores, which Connector/J
# reads at each new connection (so a renewal reaches the pools as they renew their connections), under the trust
# store's password.
db_client_keystores() {
  local account store
  for account in app migrate; do
    store=$PKI/db-client-$account.p12
    [[ ! $store -nt $PKI/db-client-$account.crt ]] || continue
    secret truststore >/dev/null
    (umask 077 && openssl pkcs12 -export -name "foobar_$account" -inkey "$PKI/db-client-$account.key" \
      -in "$PKI/db-client-$account.crt" -passout "file:$SECRETS/truststore" -out "$store.new") \
      || die "could not write $store"
    app_readable "$store.new" && mv "$store.new" "$store"
  done
}

# app_readable FILE...: readable by the app replicas' group too, when they run as the foobar user (ensure_users).
app_readable() {
  if id foobar >/dev/null 2>&1; then as_root chgrp foobar "$@" && chmod 640 "$@"; fi
}

# served_cert ADDRESS CA [S_CLIENT-ARGS...]: "SERIAL END" (END in Unix time) of the certificate served at
# ADDRESS, verified against the CA file; fails on anything that does not verify. With NETNS_PID set, seen from that
# process's network namespace (a container's).
served_cert() {
  local address=$1 ca=$2 out in=()
  shift 2
  [[ -z ${NETNS_PID:-} ]] || in=(as_root nsenter -t "$NETNS_PID" -n)
  out=$("${in[@]}" openssl s_client -connect "$address" -CAfile "$ca" -verify_return_error "$@" </dev/null 2>/dev/null) \
    || { echo "$address: no certificate verified by $ca" >&2; return 1; }
  openssl x509 -noout -serial -enddate <<<"$out" | sed 's/^[^=]*=//' | paste -sd' ' \
    | while read -r serial end; do echo "$serial $(date -ud "$end" +%s)"; done
}

# cert_metrics: each certificate's start and end for Prometheus (FoobarCertificateNotRenewed).
cert_metrics() {
  local f edge
  for edge in not_before:startdate not_after:enddate; do
    echo "# TYPE foobar_certificate_${edge%:*}_seconds gauge"
    for f in "$PKI"/*.crt; do
      printf 'foobar_certificate_%s_seconds{certificate="%s"} %s\n' "${edge%:*}" "$(basename "$f" .crt)" \
        "$(date -ud "$(openssl x509 "-${edge#*:}" -noout -in "$f" | cut -d= -f2)" +%s)"
    done
  done
}

# The accounts the components run as when bin/foobar runs as root: the app replicas as foobar (a system user of
# their own), Prometheus, Alertmanager and the exporters as Debian's prometheus user; only supervisord and nginx's
# master process stay root.
ensure_users() {
  [[ $EUID -eq 0 ]] || return 0
  local user
  for user in foobar foobar-logs; do
    id "$user" >/dev/null 2>&1 \
      || useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$user"
  done
}
