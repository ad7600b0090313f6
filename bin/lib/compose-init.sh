# shellcheck shell=bash
# `bin/foobar init`: what docker-compose.yml's one-shot init service runs (in the image's build stage "init").
# The same CA, certificates, secrets and templates as bin/foobar up, with the compose stack's addresses. The CA
# key and the master secrets stay in $STATE (the init service's private volume); what each service needs goes to
# $FOOBAR_COMPOSE_OUT: pki/ (certificates and the trust store, public), keys-{edge,app,db}/ (one private key
# each, owned by its server's user, in a volume only that server mounts), secrets-{app,mysql,backup,grafana}/ (each
# mounted at /run/secrets of its consumers only) and conf/ (rendered monitoring configs).

# The compose stack's addresses and paths: config/compose.env, which compose also gives nginx and Grafana.
compose_template_env() { load_env "$ROOT/config/compose.env"; }

# put DIR NAME VALUE OWNER: one secret file, readable by its consumer's user id only.
put() {
  mkdir -p "$1" && (umask 077 && printf '%s' "$3" >"$1/$2") && chown "$4" "$1/$2" && chmod 400 "$1/$2"
}

compose_init() {
  local out=${FOOBAR_COMPOSE_OUT:?} mysql=999 app=10001 grafana=472 nobody=65534 name node
  # 90-day leaves, renewed with 30 left: compose has no renewer service yet, only this one on every `up`.
  FOOBAR_CERT_MINUTES=${FOOBAR_CERT_MINUTES:-129600} ensure_pki
  mkdir -p "$out/pki" && cp "$PKI"/*.crt "$PKI/truststore.p12" "$out/pki/" && chmod 644 "$out/pki"/*
  # Each key in its own volume, mounted by its server only and readable by its user (nginx's master runs as
  # root). The CA key never leaves $STATE.
  put "$out/keys-db" db.key "$(cat "$PKI/db.key")" "$mysql"
  put "$out/keys-app" app.key "$(cat "$PKI/app.key")" "$app"
  # nginx's workers read it at each handshake (nginx/templates), as whatever user the image runs them as: readable
  # by all in a volume that only nginx mounts.
  put "$out/keys-edge" edge.pem "$(cat "$PKI/edge.pem")" 0 && chmod 444 "$out/keys-edge/edge.pem"
  put "$out/secrets-mysql" mysql-root "$(secret mysql-root)" "$mysql"
  for name in db-repl db-migrate db-app db-exporter db-backup; do put "$out/secrets-mysql" "$name" "$(secret "$name")" "$mysql"; done
  put "$out/secrets-backup" db-backup "$(secret db-backup)" "$mysql"
  # Spring Boot's configtree import turns each file name into a property.
  put "$out/secrets-app" foobar.db.app-password "$(secret db-app)" "$app"
  put "$out/secrets-app" foobar.db.migrate-password "$(secret db-migrate)" "$app"
  put "$out/secrets-app" foobar.db.truststore-password "$(secret truststore)" "$app"
  put "$out/secrets-grafana" grafana-admin "$(secret grafana-admin)" "$grafana"
  compose_template_env
  render_template "$ROOT/prometheus/prometheus.yml.template" "$out/conf/prometheus/prometheus.yml"
  render_template "$ROOT/blackbox/blackbox.yml.template" "$out/conf/blackbox/blackbox.yml"
  for node in primary replica; do
    put "$out/conf/exporters" "$node.cnf" "$(printf '[client]\nuser=foobar_exporter\npassword=%s\nhost=mysql-%s\nport=3306\nssl-ca=%s\n' \
      "$(secret db-exporter)" "$node" /run/foobar/pki/db-ca.crt)" "$nobody"
  done
  chmod -R a+rX "$out/conf/prometheus" "$out/conf/blackbox"
  log "compose state ready: edge CA certificate at $out/pki/edge-ca.crt"
}
