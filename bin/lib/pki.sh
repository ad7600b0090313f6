# shellcheck shell=bash
# A local certificate authority and the certificates every hop uses (edge, app replicas, databases),
# plus the random secrets. Created once in $STATE, mode 0600, never in git.

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

# issue_cert NAME CN SAN [DAYS]: a 90-day leaf signed by the local CA with a CRL distribution point
# (testssl flags leaves without one) and the names every client verifies. One with under 30 days left is
# renewed, with a new key: by every `bin/foobar up`, and by the compose init service, which runs on every `up`.
issue_cert() {
  local name=$1 cn=$2 san=$3 days=${4:-90}
  if [[ -s $PKI/$name.crt ]]; then
    openssl x509 -checkend $((30 * 86400)) -noout -in "$PKI/$name.crt" >/dev/null && return 0
    log "renewing the $name certificate: under 30 days left"
    CHANGED+=("$PKI/$name.crt")
  fi
  (umask 077 && openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$PKI/$name.key" -subj "/CN=$cn" -out "$PKI/$name.csr" 2>/dev/null)
  openssl x509 -req -in "$PKI/$name.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial \
    -days "$days" -sha256 -out "$PKI/$name.crt" -extfile <(printf '%s\n' \
      "subjectAltName=$san" "basicConstraints=critical,CA:FALSE" \
      "keyUsage=critical,digitalSignature,keyEncipherment" "extendedKeyUsage=serverAuth,clientAuth" \
      "crlDistributionPoints=URI:http://pki.foobar.com/local-ca.crl") 2>/dev/null
  rm -f "$PKI/$name.csr"
}

ensure_pki() {
  mkdir -p "$PKI" && chmod 700 "$PKI"
  if [[ ! -s $PKI/ca.crt ]]; then
    log "creating the local certificate authority in $PKI"
    (umask 077 && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
      -keyout "$PKI/ca.key" -out "$PKI/ca.crt" -subj "/CN=foobar local CA" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null)
  fi
  issue_cert db "foobar database" "DNS:localhost,IP:127.0.0.1,DNS:mysql-primary,DNS:mysql-replica"
  issue_cert app "foobar app" "DNS:localhost,IP:127.0.0.1,DNS:app,DNS:app-1,DNS:app-2,DNS:app-3"
  issue_cert edge "www.foobar.com" "DNS:www.foobar.com,DNS:foobar.com,DNS:localhost,IP:127.0.0.1"
  # Connector/J and the JVM read a PKCS12 trust store, not PEM.
  if [[ ! -s $PKI/truststore.p12 ]]; then
    # The password from its file, not the command line.
    secret truststore >/dev/null
    (umask 077 && "$JAVA_HOME/bin/keytool" -importcert -noprompt -alias foobar-ca -file "$PKI/ca.crt" \
      -keystore "$PKI/truststore.p12" -storetype PKCS12 -storepass:file "$SECRETS/truststore" >/dev/null 2>&1) \
      || die "could not write $PKI/truststore.p12"
  fi
  # Certificates are public; each key is readable by its server only. The app replicas run as the foobar user
  # (see ensure_users); nginx reads its key as root before dropping to www-data.
  chmod 755 "$PKI" && chmod 644 "$PKI"/*.crt && chmod 600 "$PKI"/*.key "$PKI/truststore.p12"
  if id foobar >/dev/null 2>&1; then
    as_root chgrp foobar "$PKI/app.key" "$PKI/truststore.p12" && chmod 640 "$PKI/app.key" "$PKI/truststore.p12"
  fi
}

# The accounts the components run as when bin/foobar runs as root: the app replicas as foobar (a system user of
# their own), Prometheus, Alertmanager and the exporters as Debian's prometheus user; only supervisord and nginx's
# master process stay root.
ensure_users() {
  [[ $EUID -eq 0 ]] || return 0
  id foobar >/dev/null 2>&1 \
    || useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin foobar
}
