# shellcheck shell=bash
# The MariaDB primary + replica from Debian's packages: GTID replication over verified TLS, semi-sync,
# least-privilege accounts. Config comes from mysql/mariadb/; data lives in $STATE/db/{primary,replica}.

DB="$STATE/db"

# The two nodes keep the names they were set up with ("primary", "replica"); which one writes is recorded in
# $DB/writer, changed only by `bin/foobar db promote`.
db_dir() { echo "$DB/$1"; }
db_port() { if [[ $1 == primary ]]; then echo "$FOOBAR_DB_PRIMARY_PORT"; else echo "$FOOBAR_DB_REPLICA_PORT"; fi; }
db_writer() { if [[ -s $DB/writer ]]; then cat "$DB/writer"; else echo primary; fi; }
db_other() { if [[ $1 == primary ]]; then echo replica; else echo primary; fi; }
db_reader() { db_other "$(db_writer)"; }

# db_sql NODE SQL: run SQL as the local admin (root over the unix socket; never over the network).
db_sql() {
  # The SQL on standard input: it may hold a password (CHANGE MASTER), which a command line would show to ps.
  printf '%s\n' "$2" | db_sql_stdin "$1"
}
db_sql_stdin() { as_root mariadb --defaults-file="$(db_dir "$1")/my.cnf" -uroot --batch --skip-column-names; }

# db_config NODE: the instance's my.cnf and TLS files, rendered at every start so changed ports or
# certificates reach an existing data directory.
db_config() {
  local node=$1 dir
  dir=$(db_dir "$node")
  mkdir -p "$dir/data"
  DIR=$dir PORT=$(db_port "$node") render "$ROOT/mysql/mariadb/common.cnf" "$dir/my.cnf" '${DIR} ${PORT}'
  cat "$ROOT/mysql/mariadb/$node.cnf" >>"$dir/my.cnf"
  # The role decides read_only: a promoted node keeps writing after a restart, a demoted one does not.
  if [[ $node == "$(db_writer)" ]]; then echo "read_only = OFF"; else echo "read_only = ON"; fi >>"$dir/my.cnf"
  # ca.crt verifies the accounts' certificates (the server's ssl_ca), source-ca.crt the writer's (replication);
  # client.* is replication's own.
  cp "$PKI/db-client-ca.crt" "$dir/ca.crt" && cp "$PKI/db.crt" "$dir/server.crt" && cp "$PKI/db.key" "$dir/server.key"
  cp "$PKI/db-ca.crt" "$dir/source-ca.crt" && cp "$PKI/db-client-repl.crt" "$dir/client.crt" \
    && cp "$PKI/db-client-repl.key" "$dir/client.key"
  as_root chown -R mysql:mysql "$dir"
}

db_init() {
  local node=$1 dir
  dir=$(db_dir "$node")
  db_config "$node"
  as_root mariadb-install-db --defaults-file="$dir/my.cnf" --skip-test-db >"$dir/install.log" 2>&1 \
    || die "mariadb-install-db failed for $node: see $dir/install.log"
}

# db_slave_status NODE: SHOW SLAVE STATUS as "Field: value" lines (empty when NODE replicates from nothing).
db_slave_status() { as_root mariadb --defaults-file="$(db_dir "$1")/my.cnf" -uroot -e "SHOW SLAVE STATUS\G"; }
db_slave_field() { db_slave_status "$1" | awk -v f="$2:" '$1 == f { print $2 }'; }

db_ping() { as_root mariadb-admin --defaults-file="$(db_dir "$1")/my.cnf" -uroot ping >/dev/null 2>&1; }
db_running() { alive "$(db_dir "$1")/foobar.pid" && db_ping "$1"; }

# db_start NODE: start mariadbd unless ours already runs; wait until the PID we started answers.
# (A second mariadbd on a taken port dies while ping still answers from the old one: check the PID too.)
db_start() {
  alive "$(db_dir "$1")/foobar.pid" && return 0
  db_config "$1"
  db_launch "$1"
}

# db_launch NODE: mariadbd on NODE's my.cnf, as written; waits until it answers.
db_launch() {
  local node=$1 dir pidfile
  dir=$(db_dir "$node")
  pidfile="$dir/foobar.pid"
  as_root sh -c 'nohup mariadbd --defaults-file="$1" >>"$2" 2>&1 </dev/null & echo $! >"$3"' \
    sh "$dir/my.cnf" "$dir/stdout.log" "$pidfile"
  retry 150 0.2 db_ping "$node" || die "MariaDB $node did not start: see $dir/error.log"
  alive "$pidfile" || die "MariaDB $node exited (its port taken?): see $dir/error.log"
}

db_stop() { stop_pid "$(db_dir "$1")/foobar.pid" "MariaDB $1"; }

# First run: the database and accounts on each node, unlogged (no password reaches a binlog), then replication,
# so the replica gets everything else from the first GTID.
db_bootstrap() {
  log "bootstrapping the MariaDB primary and replica in $DB"
  rm -rf "$DB"
  db_init primary && db_init replica
  db_start primary && db_start replica
  db_accounts primary && db_accounts replica
  db_follow replica
  db_wait_reader 30 || die "the replica did not catch up: see $(db_dir replica)/error.log"
  touch "$DB/.bootstrapped" "$DB/.secrets-unlogged"
  accounts_digest >"$DB/.accounts"
}

# db_accounts NODE: mysql/mariadb/accounts.sql with the current secrets, on NODE alone (it sets sql_log_bin=0).
# The SQL goes to the client on its standard input, never on a command line.
db_accounts() {
  DB_NAME=$FOOBAR_DB_NAME REPL_PASSWORD=$(secret db-repl) MIGRATE_PASSWORD=$(secret db-migrate) \
    APP_PASSWORD=$(secret db-app) EXPORTER_PASSWORD=$(secret db-exporter) CLIENT_CA=$(db_client_ca) \
    envsubst '${DB_NAME} ${REPL_PASSWORD} ${MIGRATE_PASSWORD} ${APP_PASSWORD} ${EXPORTER_PASSWORD} ${CLIENT_CA}' \
    <"$ROOT/mysql/mariadb/accounts.sql" | as_root mariadb --defaults-file="$(db_dir "$1")/my.cnf" -uroot \
    || die "applying the accounts to $1 failed"
}

# db_client_ca: the subject of the CA that issues the accounts' certificates, as the servers compare it.
db_client_ca() { openssl x509 -noout -subject -nameopt compat -in "$PKI/db-client-ca.crt" | sed 's/^subject=//'; }
accounts_digest() { sha256sum <"$ROOT/mysql/mariadb/accounts.sql" | cut -d' ' -f1; }

# A changed accounts.sql (a deployment from before the accounts needed their certificates) is applied to both
# nodes, the reader re-pointed with replication's certificate; the app replicas restart on it (CHANGED).
db_accounts_current() {
  [[ $(cat "$DB/.accounts" 2>/dev/null) != "$(accounts_digest)" ]] || return 0
  log "applying the changed database accounts (mysql/mariadb/accounts.sql) to both nodes"
  db_reload_tls # the servers trust the accounts' CA first
  db_accounts "$(db_writer)" && db_accounts "$(db_reader)"
  db_follow "$(db_reader)"
  CHANGED+=("$SECRETS/db-app")
  accounts_digest >"$DB/.accounts"
}

# Deployments bootstrapped before accounts were unlogged have every database password in both nodes' binlogs:
# new passwords, set on each node unlogged by db_accounts_current. Whatever runs on the old ones (the app
# replicas, the exporters) is restarted by `up` (CHANGED).
db_rotate_leaked_secrets() {
  [[ -f $DB/.secrets-unlogged ]] && return 0
  log "rotating the database passwords: an earlier version wrote them into the binlogs"
  rm -f "$SECRETS"/db-repl "$SECRETS"/db-migrate "$SECRETS"/db-app "$SECRETS"/db-exporter "$DB/.accounts"
  touch "$DB/.secrets-unlogged" # the new ones are set by db_accounts_current, next
}

# db_reload_tls: both nodes' TLS files from the PKI, taken by a running server at once (FLUSH LOCAL SSL: written
# to the binlog, a FLUSH would give the reader a transaction of its own, an errant GTID that stops replication in
# strict mode); a stopped node gets them when it starts.
db_reload_tls() {
  local node
  for node in primary replica; do
    db_config "$node"
    if db_running "$node"; then db_sql "$node" "FLUSH LOCAL SSL" >/dev/null; fi
  done
}

# db_follow NODE: replicate NODE from the writer, from the last transaction NODE has (a former writer's own
# binlog included), over verified TLS.
db_follow() {
  local node=$1
  db_sql "$node" "STOP SLAVE; SET GLOBAL read_only=ON; SET GLOBAL gtid_slave_pos=@@gtid_binlog_pos;
    CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=$(db_port "$(db_writer)"),
      MASTER_USER='foobar_repl', MASTER_PASSWORD='$(secret db-repl)', MASTER_CONNECT_RETRY=1,
      MASTER_USE_GTID=slave_pos, MASTER_SSL=1, MASTER_SSL_CA='$(db_dir "$node")/source-ca.crt',
      MASTER_SSL_CERT='$(db_dir "$node")/client.crt', MASTER_SSL_KEY='$(db_dir "$node")/client.key',
      MASTER_SSL_VERIFY_SERVER_CERT=1;
    START SLAVE;"
}

# db_wait_reader SECONDS: the reader has applied everything the writer has committed.
db_wait_reader() {
  local pos
  pos=$(db_sql "$(db_writer)" "SELECT @@gtid_binlog_pos")
  [[ $(db_sql "$(db_reader)" "SELECT MASTER_GTID_WAIT('$pos', $1)") == 0 ]]
}

# db_replicating NODE: both replication threads of NODE run, following the writer.
db_replicating() {
  [[ $(db_slave_field "$1" Slave_IO_Running) == Yes && $(db_slave_field "$1" Slave_SQL_Running) == Yes ]]
}

db_up() {
  if [[ -f $DB/.bootstrapped ]]; then
    db_start "$(db_writer)" && db_start "$(db_reader)"
    db_resume_reader # skip_slave_start: replication starts here
    db_rotate_leaked_secrets
    db_accounts_current
  else
    db_bootstrap
  fi
}

db_down() { db_stop restore && db_stop replica && db_stop primary; }

# db_env_lines: NAME=value lines the application and its integration tests read.
db_env_lines() {
  cat <<EOF
FOOBAR_DB_PRIMARY=127.0.0.1:$(db_port "$(db_writer)")
FOOBAR_DB_REPLICA=127.0.0.1:$(db_port "$(db_reader)")
FOOBAR_DB_NAME=$FOOBAR_DB_NAME
FOOBAR_DB_APP_PASSWORD=$(secret db-app)
FOOBAR_DB_MIGRATE_PASSWORD=$(secret db-migrate)
FOOBAR_DB_TRUSTSTORE=$PKI/truststore.p12
FOOBAR_DB_TRUSTSTORE_PASSWORD=$(secret truststore)
FOOBAR_DB_APP_KEYSTORE=$PKI/db-client-app.p12
FOOBAR_DB_MIGRATE_KEYSTORE=$PKI/db-client-migrate.p12
FOOBAR_TLS_CERT=$PKI/app.crt
FOOBAR_TLS_KEY=$PKI/app.key
FOOBAR_CA_CERT=$PKI/edge-ca.crt
FOOBAR_APP_CA_CERT=$PKI/app-ca.crt
FOOBAR_CTL=$ROOT/bin/foobar
EOF
}

# db_binlogs_hold_no_secret: a check of bin/foobar test. No database password is in either node's binlogs (rows
# decoded), and the exporter's account cannot read binlogs at all.
db_binlogs_hold_no_secret() {
  local node patterns
  patterns=$(for name in db-repl db-migrate db-app db-exporter; do secret "$name"; echo; done)
  for node in primary replica; do
    if as_root sh -c 'mariadb-binlog --base64-output=decode-rows -v "$1"/data/binlog.[0-9]*' sh "$(db_dir "$node")" \
      2>/dev/null | grep -qF "$patterns"; then
      die "a database password is in the $node's binlog"
    fi
    if as_root mariadb --defaults-extra-file="$CONF/exporters/$node.cnf" --batch -e "SHOW BINLOG EVENTS LIMIT 1" \
      >/dev/null 2>&1; then
      die "the exporter's account can read the $node's binlog"
    fi
  done
}
