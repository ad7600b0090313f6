package com.foobar.routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Every statement that differs between MariaDB and MySQL 8.4: reading the GTID of a commit, waiting for a
 * GTID on the replica, and the replica's replication state. Nothing else in the app is dialect-specific.
 */
interface ReplicationDialect {

	/** The GTID (or GTID set) that covers the transaction just committed on this primary connection. */
	String committedGtid(Connection primary) throws SQLException;

	/** Waits on the replica until {@code gtid} is applied; false when the timeout passed first. */
	boolean waitForGtid(Connection replica, String gtid, Duration timeout) throws SQLException;

	/** Whether the replica's receiver (IO) and applier (SQL) threads both run. */
	boolean isReplicating(Connection replica) throws SQLException;

	static double seconds(Duration timeout) {
		return timeout.toNanos() / 1e9;
	}

}
