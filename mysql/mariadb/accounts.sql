-- The database and its least-privilege accounts, applied by bin/foobar to each node on its own with the binlog off
-- for the session: a password in a binlog would be readable by anyone with binlog access on either node, and on
-- every replica. Run at bootstrap and at a password rotation (ALTER USER sets the current password); nothing here
-- replicates. ${...} are filled from the generated secrets; nothing here has a default password.
-- Every account must connect over TLS ('%' because container addresses vary; the firewalls narrow it), showing
-- its own certificate from the db-client CA (bin/lib/pki.sh) as well as its password: a password alone, or another
-- account's certificate, is refused. ${CLIENT_CA} is that CA's subject.
SET SESSION sql_log_bin = 0;
CREATE DATABASE IF NOT EXISTS `${DB_NAME}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- The replica's replication thread: reads the binlog, nothing else.
CREATE USER IF NOT EXISTS 'foobar_repl'@'%' IDENTIFIED BY '${REPL_PASSWORD}'
  REQUIRE SUBJECT '/CN=foobar_repl' AND ISSUER '${CLIENT_CA}';
ALTER USER 'foobar_repl'@'%' IDENTIFIED BY '${REPL_PASSWORD}'
  REQUIRE SUBJECT '/CN=foobar_repl' AND ISSUER '${CLIENT_CA}';
GRANT REPLICATION SLAVE ON *.* TO 'foobar_repl'@'%';

-- Flyway: may change the schema of the app's database and no other, and give the app its rights on each table
-- (src/main/resources/db/migration/afterMigrate.sql).
CREATE USER IF NOT EXISTS 'foobar_migrate'@'%' IDENTIFIED BY '${MIGRATE_PASSWORD}'
  REQUIRE SUBJECT '/CN=foobar_migrate' AND ISSUER '${CLIENT_CA}';
ALTER USER 'foobar_migrate'@'%' IDENTIFIED BY '${MIGRATE_PASSWORD}'
  REQUIRE SUBJECT '/CN=foobar_migrate' AND ISSUER '${CLIENT_CA}';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, DROP, INDEX, REFERENCES, CREATE VIEW, SHOW VIEW
  ON `${DB_NAME}`.* TO 'foobar_migrate'@'%' WITH GRANT OPTION;

-- The running app: data rights only, so read_only holds it on the replica, and those on its own tables only
-- (afterMigrate.sql), none on the whole database (an earlier version's grant is taken back: the GRANT first, so
-- that the REVOKE has a grant to take back on any node). SLAVE MONITOR (read-only) lets it see whether its
-- replica is replicating, for lag-aware routing.
CREATE USER IF NOT EXISTS 'foobar_app'@'%' IDENTIFIED BY '${APP_PASSWORD}'
  REQUIRE SUBJECT '/CN=foobar_app' AND ISSUER '${CLIENT_CA}';
ALTER USER 'foobar_app'@'%' IDENTIFIED BY '${APP_PASSWORD}'
  REQUIRE SUBJECT '/CN=foobar_app' AND ISSUER '${CLIENT_CA}';
GRANT SELECT ON `${DB_NAME}`.* TO 'foobar_app'@'%';
REVOKE ALL PRIVILEGES ON `${DB_NAME}`.* FROM 'foobar_app'@'%';
GRANT SLAVE MONITOR ON *.* TO 'foobar_app'@'%';

-- mysqld_exporter: server status and replication state, a few connections at most. No BINLOG MONITOR: its
-- default collectors do not read binlogs, and SHOW BINLOG EVENTS would show it every row ever written.
CREATE USER IF NOT EXISTS 'foobar_exporter'@'%' IDENTIFIED BY '${EXPORTER_PASSWORD}'
  REQUIRE SUBJECT '/CN=foobar_exporter' AND ISSUER '${CLIENT_CA}'
  WITH MAX_USER_CONNECTIONS 3;
ALTER USER 'foobar_exporter'@'%' IDENTIFIED BY '${EXPORTER_PASSWORD}'
  REQUIRE SUBJECT '/CN=foobar_exporter' AND ISSUER '${CLIENT_CA}' WITH MAX_USER_CONNECTIONS 3;
REVOKE ALL PRIVILEGES, GRANT OPTION FROM 'foobar_exporter'@'%';
GRANT PROCESS, SLAVE MONITOR ON *.* TO 'foobar_exporter'@'%';
GRANT SELECT ON performance_schema.* TO 'foobar_exporter'@'%';
