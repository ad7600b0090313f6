# shellcheck shell=bash
# The edge certificate from an ACME CA (Let's Encrypt in production; Debian's pebble in the tests), by lego, with
# HTTP-01 answered by nginx's port-80 server from $ACME/webroot. Turned on by `FOOBAR_ACME_DIRECTORY=URL
# FOOBAR_ACME_EMAIL=ADDRESS bin/foobar up` (kept in $ACME/config; FOOBAR_ACME_DIRECTORY=off turns it off again);
# the certificate renewer asks for it once nginx serves the challenges, and renews it FOOBAR_ACME_RENEW_DAYS (30)
# before its end. Until the first one arrives, and whenever ACME is off, the local edge CA's leaf is served.

ACME="$STATE/acme"

# acme_configure: keeps what `up` was given; true when ACME is on.
acme_configure() {
  mkdir -p "$ACME/webroot" && chmod 755 "$ACME" "$ACME/webroot"
  case ${FOOBAR_ACME_DIRECTORY:-} in
    "") ;;
    off) rm -f "$ACME/config" ;;
    https://*)
      [[ ${FOOBAR_ACME_EMAIL:-} == ?*@?* ]] || die "FOOBAR_ACME_EMAIL must be set with FOOBAR_ACME_DIRECTORY (the CA writes to it)"
      # Another CA (staging, then production): its certificate is asked for anew, not renewed from the old one's.
      grep -qxF "ACME_DIRECTORY=$(printf '%q' "$FOOBAR_ACME_DIRECTORY")" "$ACME/config" 2>/dev/null \
        || rm -rf "$ACME/lego/certificates"
      [[ -z ${FOOBAR_ACME_CA_CERT:-} || -s ${FOOBAR_ACME_CA_CERT:-} ]] || die "FOOBAR_ACME_CA_CERT: no such file"
      (umask 077 && printf '%s=%q\n' ACME_DIRECTORY "$FOOBAR_ACME_DIRECTORY" ACME_EMAIL "$FOOBAR_ACME_EMAIL" \
        ACME_CA_CERT "${FOOBAR_ACME_CA_CERT:-}" ACME_RENEW_DAYS "${FOOBAR_ACME_RENEW_DAYS:-30}" >"$ACME/config") ;;
    *) die "FOOBAR_ACME_DIRECTORY must be an https:// URL (or off)" ;;
  esac
  [[ -s $ACME/config ]]
}

# acme_renew: a certificate for www.foobar.com and foobar.com, or a new one when it is due, on the key of the first
# (why the edge keeps its key: issue_leaf).
acme_renew() {
  local ACME_DIRECTORY ACME_EMAIL ACME_CA_CERT ACME_RENEW_DAYS lego
  # shellcheck source=/dev/null
  source "$ACME/config"
  # LEGO_CA_CERTIFICATES: the CA's own TLS root when it is no public one (pebble's).
  lego=(env ${ACME_CA_CERT:+LEGO_CA_CERTIFICATES="$ACME_CA_CERT"} lego --accept-tos --path "$ACME/lego"
    --server "$ACME_DIRECTORY" --email "$ACME_EMAIL" --key-type ec256 --domains www.foobar.com --domains foobar.com
    --http --http.webroot "$ACME/webroot")
  if [[ -s $ACME/lego/certificates/www.foobar.com.crt ]]; then
    # No random sleep (Let's Encrypt's spread for cron jobs that all fire at midnight): the renewer already checks
    # at times of its own, and a sleep of minutes would hold back the internal renewals behind it.
    "${lego[@]}" renew --days "$ACME_RENEW_DAYS" --no-random-sleep --reuse-key >>"$ACME/lego.log" 2>&1
  else
    log "asking $ACME_DIRECTORY for the edge certificate"
    "${lego[@]}" run >>"$ACME/lego.log" 2>&1
  fi || { tail -5 "$ACME/lego.log" >&2; die "the ACME CA did not issue the edge certificate: see $ACME/lego.log"; }
}

# edge_issuer: the certificate of what issued the edge's: the ACME CA's intermediate, or the local edge CA.
edge_issuer() {
  if [[ $(cat "$PKI/edge.pem.source" 2>/dev/null) == "$ACME"/* ]]; then echo "$ACME/lego/certificates/www.foobar.com.issuer.crt"
  else echo "$PKI/edge-ca.crt"; fi
}

# edge_pem: nginx's edge.pem (certificate chain and key in one file, replaced whole, nginx/templates) from ACME's
# certificate when there is one and ACME is on, else from the local edge leaf; rewritten when its source changed.
edge_pem() {
  local crt=$PKI/edge.crt key=$PKI/edge.key
  if [[ -s $ACME/config && -s $ACME/lego/certificates/www.foobar.com.crt ]]; then
    crt=$ACME/lego/certificates/www.foobar.com.crt key=$ACME/lego/certificates/www.foobar.com.key
  fi
  [[ $PKI/edge.pem -nt $crt && $(cat "$PKI/edge.pem.source" 2>/dev/null) == "$crt" ]] && return 0
  (umask 077 && cat "$crt" "$key" >"$PKI/edge.pem.new")
  if [[ $EUID -eq 0 ]] && id www-data >/dev/null 2>&1; then chgrp www-data "$PKI/edge.pem.new" && chmod 640 "$PKI/edge.pem.new"; fi
  mv "$PKI/edge.pem.new" "$PKI/edge.pem" && echo "$crt" >"$PKI/edge.pem.source"
  log "the edge now serves $crt"
}
