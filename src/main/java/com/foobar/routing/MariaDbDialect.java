package com.foobar.routing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * MariaDB 10.11: {@code @@last_gtid} is the GTID of this session's last commit; MASTER_GTID_WAIT returns 0 once
 * applied and -1 on timeout. Never called on the primary, where MASTER_GTID_WAIT always waits the full timeout.
 */
final class MariaDbDialect implements ReplicationDialect {

	static final String COMMITTED_GTID = "SELECT @@last_gtid";

	static final String WAIT_FOR_GTID = "SELECT MASTER_GTID_WAIT(?, ?)";

	static final String REPLICA_STATUS = "SHOW REPLICA STATUS";

	@Override
	public String committedGtid(Connection primary) throws SQLException {
		try (Statement statement = primary.createStatement(); ResultSet rs = statement.executeQuery(COMMITTED_GTID)) {
			return rs.next() ? rs.getString(1) : "";
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
			return rs.next() && "Yes".equals(rs.getString("Slave_IO_Running"))
					&& "Yes".equals(rs.getString("Slave_SQL_Running"));
		}
	}

}
