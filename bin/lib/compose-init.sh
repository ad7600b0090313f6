# shellcheck shell=bash
# `bin/foobar init`: what docker-compose.yml's one-shot init service runs (in the image's build stage "init").
# The same CAs, certificates, secrets and templates as bin/foobar up, with the compose stack's addresses. The CA
# keys and the master secrets stay in $STATE (the init and cert-renewer services' private volume); what each
# service needs goes to $FOOBAR_COMPOSE_OUT: pki/ (certificates and the trust store, public), keys-{edge,app,db}/
# (each server's private keys, its database account's too, owned by its user, in a volume only that server
# mounts), secrets-{app,mysql,backup,exporter,grafana}/ (each mounted at /run/secrets of its consumers only) and
# conf/ (rendered monitoring configs). `bin/foobar run compose-cert-renewer` (the cert-renewer service) renews
# the leaves.

# The compose stack's addresses and paths: config/compose.env, which compose also gives nginx and Grafana.
compose_template_env() { load_env "$ROOT/config/compose.env"; }

# put DIR NAME FILE OWNER [MODE]: FILE's content as DIR/NAME, owned by its consumer's user id, mode 0400 unless
# given. Replaced whole (a server may read it at that moment) and only when it differs (the apps reload their
# certificate on any change of its file).
put() {
  mkdir -p "$1"
  (umask 077 && cat "$3" >"$1/$2.new") && chown "$4" "$1/$2.new" && chmod "${5:-400}" "$1/$2.new"
  replace_if_changed "$1/$2"
}

# compose_pki: the leaves renewed when due (pki.sh), then each key to its server's volume and the certificates to
# the public one, keys first. Under a lock: init (on every `up`) and the renewer may run at once.
compose_pki() {
  local out=${FOOBAR_COMPOSE_OUT:?} mysql=999 app=10001 nobody=65534 f
  pki_lock
  ensure_pki
  put "$out/keys-db" db.key "$PKI/db.key" "$mysql"
  put "$out/keys-db" db-client-repl.key "$PKI/db-client-repl.key" "$mysql"
  put "$out/keys-app" app.key "$PKI/app.key" "$app"
  for f in app migrate; do put "$out/keys-app" "db-client-$f.p12" "$PKI/db-client-$f.p12" "$app"; done
  put "$out/secrets-exporter" db-client-exporter.key "$PKI/db-client-exporter.key" "$nobody"
  put "$out/secrets-backup" db-client-backup.key "$PKI/db-client-backup.key" "$mysql"
  # nginx's workers read it at each handshake (nginx/templates), as whatever user the image runs them as: readable
  # by all in a volume that only nginx mounts.
  put "$out/keys-edge" edge.pem "$PKI/edge.pem" 0 444
  for f in "$PKI"/*.crt "$PKI/truststore.p12"; do put "$out/pki" "${f##*/}" "$f" 0 644; done
  pki_unlock
}

# run_compose_cert_renewer: the cert-renewer service (pki.sh, renew_forever).
run_compose_cert_renewer() { renew_forever compose_pki; }

compose_init() {
  local out=${FOOBAR_COMPOSE_OUT:?} mysql=999 app=10001 grafana=472 nobody=65534 name node
  compose_pki
  put "$out/secrets-mysql" mysql-root <(secret mysql-root) "$mysql"
  for name in db-repl db-migrate db-app db-exporter db-backup; do put "$out/secrets-mysql" "$name" <(secret "$name") "$mysql"; done
  put "$out/secrets-backup" db-backup <(secret db-backup) "$mysql"
  # Spring Boot's configtree import turns each file name into a property.
  put "$out/secrets-app" foobar.db.app-password <(secret db-app) "$app"
  put "$out/secrets-app" foobar.db.migrate-password <(secret db-migrate) "$app"
  put "$out/secrets-app" foobar.db.truststore-password <(secret truststore) "$app"
  put "$out/secrets-grafana" grafana-admin <(secret grafana-admin) "$grafana"
  compose_template_env
  render_template "$ROOT/prometheus/prometheus.yml.template" "$out/conf/prometheus/prometheus.yml"
  render_template "$ROOT/blackbox/blackbox.yml.template" "$out/conf/blackbox/blackbox.yml"
  # The exporters' my.cnf: their account's password, certificate and key (read again at each scrape). Before,
  # it was in conf/, which Prometheus and blackbox mount too: that copy goes.
  rm -rf "$out/conf/exporters"
  for node in primary replica; do
    put "$out/secrets-exporter" "$node.cnf" <(exporter_my_cnf "mysql-$node" 3306 /run/foobar/pki/db-ca.crt \
      /run/foobar/pki/db-client-exporter.crt /run/secrets/db-client-exporter.key) "$nobody"
  done
  chmod -R a+rX "$out/conf/prometheus" "$out/conf/blackbox"
  log "compose state ready: edge CA certificate at $out/pki/edge-ca.crt"
}
