# shellcheck shell=bash
# The MariaDB primary + replica from Debian's packages: GTID replication over verified TLS, semi-sync,
# least-privilege accounts. Config comes from mysql/mariadb/; data lives in $STATE/db/{primary,replica}.

DB="$STATE/db"

db_dir() { echo "$DB/$1"; }
db_port() { if [[ $1 == primary ]]; then echo "$FOOBAR_DB_PRIMARY_PORT"; else echo "$FOOBAR_DB_REPLICA_PORT"; fi; }

# db_sql NODE SQL: run SQL as the local admin (root over the unix socket; never over the network).
db_sql() {
  as_root mariadb --defaults-file="$(db_dir "$1")/my.cnf" -uroot --batch --skip-column-names -e "$2"
}

# db_config NODE: the instance's my.cnf and TLS files, rendered at every start so changed ports or
# certificates reach an existing data directory.
db_config() {
  local node=$1 dir
  dir=$(db_dir "$node")
  mkdir -p "$dir/data"
  DIR=$dir PORT=$(db_port "$node") render "$ROOT/mysql/mariadb/common.cnf" "$dir/my.cnf" '${DIR} ${PORT}'
  cat "$ROOT/mysql/mariadb/$node.cnf" >>"$dir/my.cnf"
  cp "$PKI/ca.crt" "$dir/ca.crt" && cp "$PKI/db.crt" "$dir/server.crt" && cp "$PKI/db.key" "$dir/server.key"
  as_root chown -R mysql:mysql "$dir"
}

db_init() {
  local node=$1 dir
  dir=$(db_dir "$node")
  db_config "$node"
  as_root mariadb-install-db --defaults-file="$dir/my.cnf" --skip-test-db >"$dir/install.log" 2>&1 \
    || die "mariadb-install-db failed for $node: see $dir/install.log"
}

db_ping() { as_root mariadb-admin --defaults-file="$(db_dir "$1")/my.cnf" -uroot ping >/dev/null 2>&1; }

# db_start NODE: start mariadbd unless ours already runs; wait until the PID we started answers.
# (A second mariadbd on a taken port dies while ping still answers from the old one: check the PID too.)
db_start() {
  local node=$1 dir pidfile
  dir=$(db_dir "$node")
  pidfile="$dir/foobar.pid"
  alive "$pidfile" && return 0
  db_config "$node"
  as_root sh -c 'nohup mariadbd --defaults-file="$1" >>"$2" 2>&1 </dev/null & echo $! >"$3"' \
    sh "$dir/my.cnf" "$dir/stdout.log" "$pidfile"
  retry 150 0.2 db_ping "$node" || die "MariaDB $node did not start: see $dir/error.log"
  alive "$pidfile" || die "MariaDB $node exited (port $(db_port "$node") taken?): see $dir/error.log"
}

db_stop() { stop_pid "$(db_dir "$1")/foobar.pid" "MariaDB $1"; }

# First run: replication is set up while the primary's binlog is still empty, then the accounts and
# the database are created on the primary, so the replica gets everything from the first GTID.
db_bootstrap() {
  log "bootstrapping the MariaDB primary and replica in $DB"
  rm -rf "$DB"
  db_init primary && db_init replica
  db_start primary && db_start replica
  db_sql replica "STOP SLAVE; SET GLOBAL gtid_slave_pos='';"
  db_point_replica
  DB_NAME=$FOOBAR_DB_NAME REPL_PASSWORD=$(secret db-repl) MIGRATE_PASSWORD=$(secret db-migrate) \
    APP_PASSWORD=$(secret db-app) EXPORTER_PASSWORD=$(secret db-exporter) \
    envsubst '${DB_NAME} ${REPL_PASSWORD} ${MIGRATE_PASSWORD} ${APP_PASSWORD} ${EXPORTER_PASSWORD}' \
    <"$ROOT/mysql/mariadb/accounts.sql" | as_root mariadb --defaults-file="$(db_dir primary)/my.cnf" -uroot \
    || die "creating the accounts failed"
  db_wait_replica 30 || die "the replica did not catch up: see $(db_dir replica)/error.log"
  touch "$DB/.bootstrapped"
}

# db_point_replica: (re)point the replica at the primary's current port; GTID positions carry over.
db_point_replica() {
  db_sql replica "STOP SLAVE;
    CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=$FOOBAR_DB_PRIMARY_PORT,
      MASTER_USER='foobar_repl', MASTER_PASSWORD='$(secret db-repl)', MASTER_CONNECT_RETRY=1,
      MASTER_USE_GTID=slave_pos, MASTER_SSL=1, MASTER_SSL_CA='$(db_dir replica)/ca.crt',
      MASTER_SSL_VERIFY_SERVER_CERT=1;
    START SLAVE;"
}

# db_wait_replica SECONDS: the replica has applied everything the primary has committed.
db_wait_replica() {
  local pos
  pos=$(db_sql primary "SELECT @@gtid_binlog_pos")
  [[ $(db_sql replica "SELECT MASTER_GTID_WAIT('$pos', $1)") == 0 ]]
}

db_up() {
  if [[ -f $DB/.bootstrapped ]]; then
    db_start primary && db_start replica
    # skip_slave_start: start it here; re-point it first if the primary's port changed.
    if [[ $(db_sql replica "SELECT Port FROM mysql.slave_master_info" 2>/dev/null) != "$FOOBAR_DB_PRIMARY_PORT" ]]; then
      db_point_replica
    else
      db_sql replica "START SLAVE"
    fi
  else
    db_bootstrap
  fi
}

db_down() { db_stop replica && db_stop primary; }

# db_env_lines: NAME=value lines the application and its integration tests read.
db_env_lines() {
  cat <<EOF
FOOBAR_DB_PRIMARY=127.0.0.1:$FOOBAR_DB_PRIMARY_PORT
FOOBAR_DB_REPLICA=127.0.0.1:$FOOBAR_DB_REPLICA_PORT
FOOBAR_DB_NAME=$FOOBAR_DB_NAME
FOOBAR_DB_APP_PASSWORD=$(secret db-app)
FOOBAR_DB_MIGRATE_PASSWORD=$(secret db-migrate)
FOOBAR_DB_TRUSTSTORE=$PKI/truststore.p12
FOOBAR_DB_TRUSTSTORE_PASSWORD=$(secret truststore)
FOOBAR_TLS_CERT=$PKI/app.crt
FOOBAR_TLS_KEY=$PKI/app.key
FOOBAR_CA_CERT=$PKI/ca.crt
FOOBAR_CTL=$ROOT/bin/foobar
EOF
}
