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
import static org.mockito.Mockito.verify;

/**
 * MySQL 8.4 cannot run here (no MySQL server package, no Docker engine), so its dialect is pinned by its SQL
 * and by how it reads results: WAIT_FOR_EXECUTED_GTID_SET returns 0 when applied, 1 on timeout, NULL on error.
 */
class MySqlDialectTests {

	private final MySqlDialect dialect = new MySqlDialect();

	private final Connection connection = mock();

	private final ResultSet rs = mock();

	@Test
	void usesMySqlsOwnFunctionsAndTables() {
		assertThat(MySqlDialect.WAIT_FOR_GTID).isEqualTo("SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)");
		assertThat(MySqlDialect.COMMITTED_GTID).isEqualTo("SELECT @@GLOBAL.gtid_executed");
		assertThat(MySqlDialect.REPLICA_STATUS).contains("performance_schema.replication_connection_status")
			.contains("performance_schema.replication_applier_status")
			.doesNotContain("SLAVE");
	}

	@Test
	void waitSucceedsOnZeroAndFailsOnTimeoutOrNull() throws Exception {
		PreparedStatement statement = mock();
		given(this.connection.prepareStatement(MySqlDialect.WAIT_FOR_GTID)).willReturn(statement);
		given(statement.executeQuery()).willReturn(this.rs);
		given(this.rs.next()).willReturn(true);
		given(this.rs.getInt(1)).willReturn(0, 1, 0);
		given(this.rs.wasNull()).willReturn(false, true); // asked only when the value was 0
		String set = "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-77";
		assertThat(this.dialect.waitForGtid(this.connection, set, Duration.ofMillis(250))).isTrue();
		assertThat(this.dialect.waitForGtid(this.connection, set, Duration.ofMillis(250))).isFalse();
		assertThat(this.dialect.waitForGtid(this.connection, set, Duration.ofMillis(250))).isFalse();
		verify(statement, org.mockito.Mockito.times(3)).setDouble(2, 0.25);
	}

	@Test
	void committedGtidSetLosesItsLineBreaks() throws Exception {
		query(MySqlDialect.COMMITTED_GTID);
		given(this.rs.next()).willReturn(true);
		given(this.rs.getString(1)).willReturn("aaaa:1-5,\nbbbb:1-3");
		assertThat(this.dialect.committedGtid(this.connection)).isEqualTo("aaaa:1-5,bbbb:1-3");
	}

	@Test
	void replicatingNeedsReceiverAndApplierOn() throws Exception {
		query(MySqlDialect.REPLICA_STATUS);
		given(this.rs.next()).willReturn(true, true, false);
		given(this.rs.getString("receiver")).willReturn("ON", "CONNECTING");
		given(this.rs.getString("applier")).willReturn("ON", "ON");
		assertThat(this.dialect.isReplicating(this.connection)).isTrue();
		assertThat(this.dialect.isReplicating(this.connection)).isFalse();
		assertThat(this.dialect.isReplicating(this.connection)).isFalse();
	}

	private void query(String sql) throws Exception {
		Statement statement = mock();
		given(this.connection.createStatement()).willReturn(statement);
		given(statement.executeQuery(sql)).willReturn(this.rs);
	}

}
