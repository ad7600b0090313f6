package com.foobar.routing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * MySQL 8.4 cannot run here (no MySQL server package, no Docker engine), so its dialect is pinned by its SQL and by
 * how its results are read: WAIT_FOR_EXECUTED_GTID_SET returns 0 when applied, 1 on timeout, NULL on error. (The
 * MariaDB dialect runs for real in the integration tests; its result handling is pinned here too.)
 */
class ReplicationDialectTests {

	private final ReplicationDialect mysql = ReplicationDialect.MYSQL;

	private final Connection connection = mock();

	private final ResultSet rs = mock();

	@Test
	void usesMySqlsOwnFunctionsAndTables() {
		assertThat(this.mysql.waitForGtid()).isEqualTo("SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)");
		assertThat(this.mysql.committedGtid()).isEqualTo("SELECT @@GLOBAL.gtid_executed");
		assertThat(this.mysql.replicaStatus()).contains("performance_schema.replication_connection_status")
			.contains("performance_schema.replication_applier_status")
			.doesNotContain("SLAVE");
	}

	@Test
	void waitSucceedsOnZeroAndFailsOnTimeoutOrNull() throws Exception {
		PreparedStatement statement = prepared(this.mysql.waitForGtid());
		given(this.rs.next()).willReturn(true);
		given(this.rs.getInt(1)).willReturn(0, 1, 0);
		given(this.rs.wasNull()).willReturn(false, true); // asked only when the value was 0
		String set = "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-77";
		assertThat(this.mysql.waitForGtid(this.connection, set, Duration.ofMillis(250))).isTrue();
		assertThat(this.mysql.waitForGtid(this.connection, set, Duration.ofMillis(250))).isFalse();
		assertThat(this.mysql.waitForGtid(this.connection, set, Duration.ofMillis(250))).isFalse();
		verify(statement, times(3)).setString(1, set);
		verify(statement, times(3)).setDouble(2, 0.25);
	}

	@Test
	void aCommitsMarkIsItsGtidSetWithoutLineBreaksAndThePrimarysClock() throws Exception {
		queried("SELECT @@GLOBAL.gtid_executed, TIMESTAMPDIFF(MICROSECOND, '1970-01-01', UTC_TIMESTAMP(6))");
		given(this.rs.next()).willReturn(true);
		given(this.rs.getString(1)).willReturn("aaaa:1-5,\nbbbb:1-3");
		given(this.rs.getLong(2)).willReturn(1_765_000_000_123_456L);
		assertThat(this.mysql.committed(this.connection))
			.isEqualTo(new CausalMark("aaaa:1-5,bbbb:1-3", 1_765_000_000_123_456L));
	}

	@Test
	void replicatingNeedsReceiverAndApplierOn() throws Exception {
		queried(this.mysql.replicaStatus());
		given(this.rs.next()).willReturn(true, true, false);
		given(this.rs.getString("receiver")).willReturn("ON", "CONNECTING");
		given(this.rs.getString("applier")).willReturn("ON", "ON");
		assertThat(this.mysql.isReplicating(this.connection)).isTrue();
		assertThat(this.mysql.isReplicating(this.connection)).isFalse();
		assertThat(this.mysql.isReplicating(this.connection)).isFalse();
	}

	@Test
	void mariaDbWaitsWithItsOwnFunctionAndReadsMinusOneAsTimeout() throws Exception {
		ReplicationDialect mariadb = ReplicationDialect.MARIADB;
		PreparedStatement statement = prepared("SELECT MASTER_GTID_WAIT(?, ?)");
		given(this.rs.next()).willReturn(true);
		given(this.rs.getInt(1)).willReturn(0, -1);
		assertThat(mariadb.waitForGtid(this.connection, "0-1-42", Duration.ofMillis(500))).isTrue();
		assertThat(mariadb.waitForGtid(this.connection, "0-1-42", Duration.ofMillis(500))).isFalse();
		verify(statement, times(2)).setDouble(2, 0.5);
	}

	@Test
	void eachEngineCutsStatementsOffWithItsOwnVariables() {
		assertThat(ReplicationDialect.MARIADB.sessionLimits(Duration.ofMillis(1500)))
			.isEqualTo("max_statement_time=1.500,lock_wait_timeout=2,innodb_lock_wait_timeout=2");
		assertThat(ReplicationDialect.MYSQL.sessionLimits(Duration.ofMillis(250)))
			.isEqualTo("max_execution_time=250,lock_wait_timeout=1,innodb_lock_wait_timeout=1");
	}

	private PreparedStatement prepared(String sql) throws Exception {
		PreparedStatement statement = mock();
		given(this.connection.prepareStatement(sql)).willReturn(statement);
		given(statement.executeQuery()).willReturn(this.rs);
		return statement;
	}

	private void queried(String sql) throws Exception {
		Statement statement = mock();
		given(this.connection.createStatement()).willReturn(statement);
		given(statement.executeQuery(sql)).willReturn(this.rs);
	}

}
