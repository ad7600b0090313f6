#!/bin/bash
# First-run setup of the official MySQL image (sourced by its entrypoint, which provides docker_process_sql).
# Each node gets the database and the least-privilege accounts, unlogged (nothing secret replicates); the replica
# is then pointed at the primary with GTID auto-positioning over verified TLS, and made super_read_only.
# Passwords come from the secrets the init service wrote to /run/secrets; none is in this file. Each account also
# shows its own certificate from the db-client CA (the subjects and issuer are bin/lib/pki.sh's).
# No `set` here: sourced, it would change the entrypoint's own shell options (its `set -eo pipefail` holds).

secret() { cat "/run/secrets/$1"; }
CLIENT_CA='/CN=foobar.com db-client hop CA'

# The database and accounts on each node, with the binlog off: a password in a binlog would be readable by anyone
# with binlog access, on both nodes.
docker_process_sql <<SQL
SET SQL_LOG_BIN=0;
CREATE DATABASE IF NOT EXISTS foobar CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER 'foobar_repl'@'%' IDENTIFIED BY '$(secret db-repl)'
  REQUIRE SUBJECT '/CN=foobar_repl' AND ISSUER '$CLIENT_CA';
GRANT REPLICATION SLAVE ON *.* TO 'foobar_repl'@'%';
CREATE USER 'foobar_migrate'@'%' IDENTIFIED BY '$(secret db-migrate)'
  REQUIRE SUBJECT '/CN=foobar_migrate' AND ISSUER '$CLIENT_CA';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, DROP, INDEX, REFERENCES, CREATE VIEW, SHOW VIEW
  ON foobar.* TO 'foobar_migrate'@'%' WITH GRANT OPTION;
-- The app's rights are on its tables only, given by Flyway after each migration run (afterMigrate.sql).
CREATE USER 'foobar_app'@'%' IDENTIFIED BY '$(secret db-app)'
  REQUIRE SUBJECT '/CN=foobar_app' AND ISSUER '$CLIENT_CA';
GRANT SELECT ON performance_schema.replication_connection_status TO 'foobar_app'@'%';
GRANT SELECT ON performance_schema.replication_applier_status TO 'foobar_app'@'%';
CREATE USER 'foobar_exporter'@'%' IDENTIFIED BY '$(secret db-exporter)'
  REQUIRE SUBJECT '/CN=foobar_exporter' AND ISSUER '$CLIENT_CA' WITH MAX_USER_CONNECTIONS 3;
GRANT PROCESS, REPLICATION CLIENT ON *.* TO 'foobar_exporter'@'%';
GRANT SELECT ON performance_schema.* TO 'foobar_exporter'@'%';
CREATE USER 'foobar_backup'@'%' IDENTIFIED BY '$(secret db-backup)'
  REQUIRE SUBJECT '/CN=foobar_backup' AND ISSUER '$CLIENT_CA' WITH MAX_USER_CONNECTIONS 5;
GRANT BACKUP_ADMIN, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'foobar_backup'@'%';
SQL

if [[ ${FOOBAR_ROLE:?} == replica ]]; then
  docker_process_sql <<SQL
CHANGE REPLICATION SOURCE TO SOURCE_HOST='mysql-primary', SOURCE_PORT=3306, SOURCE_USER='foobar_repl',
  SOURCE_PASSWORD='$(secret db-repl)', SOURCE_AUTO_POSITION=1, SOURCE_CONNECT_RETRY=5,
  SOURCE_SSL=1, SOURCE_SSL_CA='/run/foobar/pki/db-ca.crt', SOURCE_SSL_VERIFY_SERVER_CERT=1,
  SOURCE_SSL_CERT='/run/foobar/pki/db-client-repl.crt', SOURCE_SSL_KEY='/run/foobar/keys/db-client-repl.key';
START REPLICA;
SET PERSIST super_read_only = ON;
SQL
fi
