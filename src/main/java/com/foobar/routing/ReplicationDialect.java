package com.foobar.routing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Every statement that differs between MariaDB and MySQL 8.4: reading the GTID of a commit, waiting for a GTID on
 * the replica, and the replica's replication state. Nothing else in the app is dialect-specific, and the two
 * dialects differ only in data, so they are two values of one record.
 *
 * @param committedGtid returns the GTID (or GTID set) covering the commit just made on the connection
 * @param waitForGtid takes a GTID and a timeout in seconds; returns 0 once the replica has applied it
 * @param replicaStatus one row whose {@code receiver} and {@code applier} columns equal {@code running} while the
 * replica replicates
 * @param statementLimit the session variables that cut off a statement on the server: a format of the limit in
 * seconds ({@code %1$s}, decimal), in milliseconds ({@code %2$d}) and in whole seconds ({@code %3$d}, at least 1)
 */
record ReplicationDialect(String committedGtid, String waitForGtid, String replicaStatus,
		String receiver, String applier, String running, String statementLimit) {

	/**
	 * MariaDB 10.11: {@code @@last_gtid} is this session's last commit; MASTER_GTID_WAIT returns 0 once applied,
	 * -1 on timeout. Never called on the primary, where it always waits the full timeout.
	 */
	static final ReplicationDialect MARIADB = new ReplicationDialect("SELECT @@last_gtid",
			"SELECT MASTER_GTID_WAIT(?, ?)", "SHOW REPLICA STATUS", "Slave_IO_Running", "Slave_SQL_Running", "Yes",
			// max_statement_time covers every statement, its waits for table and row locks included.
			"max_statement_time=%1$s,lock_wait_timeout=%3$d,innodb_lock_wait_timeout=%3$d");

	/**
	 * MySQL 8.4: the executed GTID set after a commit contains it (a superset is safe to wait for);
	 * WAIT_FOR_EXECUTED_GTID_SET returns 0 once applied, 1 on timeout; the state is in performance_schema.
	 */
	static final ReplicationDialect MYSQL = new ReplicationDialect("SELECT @@GLOBAL.gtid_executed",
			"SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)", """
					SELECT c.SERVICE_STATE AS receiver, a.SERVICE_STATE AS applier
					FROM performance_schema.replication_connection_status c
					JOIN performance_schema.replication_applier_status a ON a.CHANNEL_NAME = c.CHANNEL_NAME
					WHERE c.CHANNEL_NAME = ''""", "receiver", "applier", "ON",
			// max_execution_time covers SELECTs only; a write is bounded by its waits for locks.
			"max_execution_time=%2$d,lock_wait_timeout=%3$d,innodb_lock_wait_timeout=%3$d");

	/** Connector/J's sessionVariables for a statement limit: set once per connection, when it is made. */
	String sessionLimits(Duration limit) {
		long millis = limit.toMillis();
		return this.statementLimit.formatted(String.format(java.util.Locale.ROOT, "%.3f", millis / 1000.0), millis,
				Math.max(1, (millis + 999) / 1000));
	}

	/** The GTID (or GTID set) that covers the transaction just committed on this primary connection, and the time. */
	CausalMark committed(Connection primary) throws SQLException {
		String query = this.committedGtid + ", " + CausalMark.MICROS_SINCE_1970.formatted("UTC_TIMESTAMP(6)");
		try (Statement statement = primary.createStatement(); ResultSet rs = statement.executeQuery(query)) {
			// MySQL prints a GTID set with newlines between source UUIDs; the wait functions take it either way.
			return rs.next() ? new CausalMark(rs.getString(1).replace("\n", ""), rs.getLong(2))
					: new CausalMark("", Long.MAX_VALUE);
		}
	}

	/** Waits on the replica until {@code gtid} is applied; false when the timeout passed first (or on NULL). */
	boolean waitForGtid(Connection replica, String gtid, Duration timeout) throws SQLException {
		try (PreparedStatement statement = replica.prepareStatement(this.waitForGtid)) {
			statement.setString(1, gtid);
			statement.setDouble(2, timeout.toNanos() / 1e9);
			try (ResultSet rs = statement.executeQuery()) {
				return rs.next() && rs.getInt(1) == 0 && !rs.wasNull();
			}
		}
	}

	/** Whether the replica's receiver (IO) and applier (SQL) threads both run; false on a server that is no replica. */
	boolean isReplicating(Connection replica) throws SQLException {
		try (Statement statement = replica.createStatement(); ResultSet rs = statement.executeQuery(this.replicaStatus)) {
			return rs.next() && this.running.equals(rs.getString(this.receiver))
					&& this.running.equals(rs.getString(this.applier));
		}
	}

}
