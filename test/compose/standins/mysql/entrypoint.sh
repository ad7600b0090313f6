#!/bin/bash
# TEST STAND-IN for the official mysql:8.4 entrypoint, on MariaDB 10.11. The same contract as the official one:
# MYSQL_ROOT_PASSWORD_FILE; /etc/mysql/conf.d/*.cnf; on an empty data directory, /docker-entrypoint-initdb.d
# run once against a temporary server without networking (*.sh sourced into this shell unless executable, then
# run as a child without docker_process_sql; *.sql piped); root@localhost and root@$MYSQL_ROOT_HOST created
# unlogged; then the server as uid 999. What it adds is a renaming of MySQL 8.4's words into MariaDB's, in the
# config and in the SQL (mysql84-words.sed, which its `mysql` client applies too), and SET PERSIST kept in the data
# directory: so it proves the compose wiring and the init script's contract, not MySQL 8.4 itself.
set -eo pipefail
shopt -s nullglob

if [[ $(id -u) == 0 ]]; then
  chown mysql:mysql /var/lib/mysql /run/mysqld
  exec setpriv --reuid=mysql --regid=mysql --init-groups "${BASH_SOURCE[0]}" "$@"
fi

SOCKET=/run/mysqld/mysqld.sock
# MySQL 8.4 names → MariaDB names (the stand-in's only addition).
mariadb_cnf() {
  sed -E -e '/^(gtid_mode|enforce_gtid_consistency|plugin_load_add)[ =]/d' \
    -e 's/rpl_semi_sync_source_/rpl_semi_sync_master_/; s/rpl_semi_sync_replica_/rpl_semi_sync_slave_/'
}
mariadb_sql() { sed -E -f /usr/local/lib/mysql84-words.sed; }
mkdir -p /run/mysqld/conf.d
for f in /etc/mysql/conf.d/*.cnf; do
  out=/run/mysqld/conf.d/${f##*/}
  mariadb_cnf <"$f" >"$out"
done
printf '[mysqld]\nsocket=%s\n[client]\nsocket=%s\n' "$SOCKET" "$SOCKET" >/run/mysqld/conf.d/00-socket.cnf

# shellcheck disable=SC2120 # init scripts may pass the client's options, as with the official image
# MariaDB has no SET PERSIST: the stand-in keeps such settings in the data directory, as MySQL's mysqld-auto.cnf.
docker_process_sql() {
  local sql
  sql=$(mariadb_sql)
  if [[ $sql == *"SET GLOBAL read_only = ON"* ]]; then printf '[mysqld]\nread_only=ON\n' >/var/lib/mysql/persisted.cnf; fi
  printf '%s\n' "$sql" | mariadb --defaults-extra-file=<(printf '[client]\npassword="%s"\n' "$MYSQL_ROOT_PASSWORD") \
    --protocol=socket --socket="$SOCKET" -uroot "$@"
}

if [[ ! -d /var/lib/mysql/mysql ]]; then
  MYSQL_ROOT_PASSWORD=$(<"${MYSQL_ROOT_PASSWORD_FILE:?the stand-in, like the image, needs a root password}")
  mariadb-install-db --datadir=/var/lib/mysql --auth-root-authentication-method=normal --skip-test-db >/dev/null
  "$@" --skip-networking &
  pid=$!
  for _ in $(seq 60); do [[ -S $SOCKET ]] && break; sleep 0.5; done
  mariadb --protocol=socket --socket="$SOCKET" -uroot <<SQL
SET @@SESSION.SQL_LOG_BIN=0;
ALTER USER 'root'@'localhost' IDENTIFIED BY '${MYSQL_ROOT_PASSWORD//\'/\'\'}';
SQL
  # As the image: root from MYSQL_ROOT_HOST too (default '%'), unless that is localhost.
  if [[ ${MYSQL_ROOT_HOST:-%} != localhost ]]; then
    docker_process_sql <<SQL
SET @@SESSION.SQL_LOG_BIN=0;
CREATE USER 'root'@'${MYSQL_ROOT_HOST:-%}' IDENTIFIED BY '${MYSQL_ROOT_PASSWORD//\'/\'\'}';
GRANT ALL ON *.* TO 'root'@'${MYSQL_ROOT_HOST:-%}' WITH GRANT OPTION;
SQL
  fi
  for f in /docker-entrypoint-initdb.d/*; do
    case $f in
      *.sh) if [[ -x $f ]]; then "$f"; else
        # shellcheck source=/dev/null
        . "$f"
      fi ;;
      *.sql) docker_process_sql <"$f" ;;
    esac
  done
  kill "$pid"
  wait "$pid" || true
fi
if [[ -f /var/lib/mysql/persisted.cnf ]]; then cp /var/lib/mysql/persisted.cnf /run/mysqld/conf.d/zz-persisted.cnf; fi
exec "$@"
