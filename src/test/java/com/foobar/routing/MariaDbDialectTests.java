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

/** The MariaDB SQL runs for real in the integration tests; these pin its result handling. */
class MariaDbDialectTests {

	private final MariaDbDialect dialect = new MariaDbDialect();

	private final Connection connection = mock();

	private final ResultSet rs = mock();

	@Test
	void waitSucceedsOnlyOnZero() throws Exception {
		PreparedStatement statement = prepared(MariaDbDialect.WAIT_FOR_GTID);
		given(this.rs.next()).willReturn(true);
		given(this.rs.getInt(1)).willReturn(0, -1);
		assertThat(this.dialect.waitForGtid(this.connection, "0-1-42", Duration.ofMillis(500))).isTrue();
		assertThat(this.dialect.waitForGtid(this.connection, "0-1-42", Duration.ofMillis(500))).isFalse();
		verify(statement, org.mockito.Mockito.times(2)).setString(1, "0-1-42");
		verify(statement, org.mockito.Mockito.times(2)).setDouble(2, 0.5);
	}

	@Test
	void replicatingNeedsBothThreads() throws Exception {
		queried(MariaDbDialect.REPLICA_STATUS);
		given(this.rs.next()).willReturn(true);
		given(this.rs.getString("Slave_IO_Running")).willReturn("Yes", "Yes", "Connecting");
		given(this.rs.getString("Slave_SQL_Running")).willReturn("Yes", "No", "Yes");
		assertThat(this.dialect.isReplicating(this.connection)).isTrue();
		assertThat(this.dialect.isReplicating(this.connection)).isFalse();
		assertThat(this.dialect.isReplicating(this.connection)).isFalse();
	}

	@Test
	void aServerThatIsNoReplicaIsNotReplicating() throws Exception {
		queried(MariaDbDialect.REPLICA_STATUS);
		given(this.rs.next()).willReturn(false);
		assertThat(this.dialect.isReplicating(this.connection)).isFalse();
	}

	@Test
	void committedGtidIsTheSessionsLastGtid() throws Exception {
		queried("SELECT @@last_gtid");
		given(this.rs.next()).willReturn(true);
		given(this.rs.getString(1)).willReturn("0-1-7");
		assertThat(this.dialect.committedGtid(this.connection)).isEqualTo("0-1-7");
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
