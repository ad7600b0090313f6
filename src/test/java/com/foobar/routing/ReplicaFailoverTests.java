package com.foobar.routing;

import java.sql.SQLRecoverableException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;

import com.mysql.cj.jdbc.exceptions.CommunicationsException;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.UncategorizedSQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** Only a server that did not answer earns a read its second run on the primary, never a wrong statement. */
class ReplicaFailoverTests {

	@Test
	void aBrokenOrSilentConnectionIsAFailureOfTheServer() {
		var gone = new CommunicationsException("Communications link failure", new java.net.SocketTimeoutException());
		assertThat((Throwable) ReplicaFailover.connectionFailure(new DataAccessResourceFailureException("read", gone)))
			.isSameAs(gone);
		assertThat((Throwable) gone).isInstanceOf(SQLRecoverableException.class);
		var timeout = new SQLTimeoutException("Statement cancelled due to timeout");
		assertThat((Throwable) ReplicaFailover.connectionFailure(new UncategorizedSQLException("read", "SELECT 1", timeout)))
			.isSameAs(timeout);
	}

	@Test
	void aWrongStatementIsNot() {
		var wrong = new SQLSyntaxErrorException("You have an error in your SQL syntax");
		assertThat((Throwable) ReplicaFailover.connectionFailure(new BadSqlGrammarException("read", "SELEC 1", wrong)))
			.isNull();
		assertThat((Throwable) ReplicaFailover.connectionFailure(new IllegalStateException("no SQL at all"))).isNull();
	}

}
