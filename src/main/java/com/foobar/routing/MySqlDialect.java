package com.foobar.routing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * MySQL 8.4: the executed GTID set after a commit contains that commit (a superset is safe to wait for);
 * WAIT_FOR_EXECUTED_GTID_SET returns 0 once applied and 1 on timeout; replication state comes from the
 * performance_schema tables (SHOW SLAVE STATUS is gone).
 */
final class MySqlDialect implements ReplicationDialect {

	static final String COMMITTED_GTID = "SELECT @@GLOBAL.gtid_executed";

	static final String WAIT_FOR_GTID = "SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)";

	static final String REPLICA_STATUS = """
			SELECT c.SERVICE_STATE AS receiver, a.SERVICE_STATE AS applier
			FROM performance_schema.replication_connection_status c
			JOIN performance_schema.replication_applier_status a ON a.CHANNEL_NAME = c.CHANNEL_NAME
			WHERE c.CHANNEL_NAME = ''""";

	@Override
	public String committedGtid(Connection primary) throws SQLException {
		try (Statement statement = primary.createStatement(); ResultSet rs = statement.executeQuery(COMMITTED_GTID)) {
			// The set is printed with newlines between source UUIDs; the wait function takes it either way.
			return rs.next() ? rs.getString(1).replace("\n", "") : "";
		}
	}

	@Override
	public boolean waitForGtid(Connection replica, String gtid, Duration timeout) throws SQLException {
		try (PreparedStatement statement = replica.prepareStatement(WAIT_FOR_GTID)) {
			statement.setString(1, gtid);
			statement.setDouble(2, ReplicationDialect.seconds(timeout));
			try (ResultSet rs = statement.executeQuery()) {
				return rs.next() && rs.getInt(1) == 0 && !rs.wasNull();
			}
		}
	}

	@Override
	public boolean isReplicating(Connection replica) throws SQLException {
		try (Statement statement = replica.createStatement(); ResultSet rs = statement.executeQuery(REPLICA_STATUS)) {
			return rs.next() && "ON".equals(rs.getString("receiver")) && "ON".equals(rs.getString("applier"));
		}
	}

}
