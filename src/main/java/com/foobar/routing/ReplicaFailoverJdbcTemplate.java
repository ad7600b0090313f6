package com.foobar.routing;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCallback;
import org.springframework.jdbc.core.PreparedStatementCreator;

/**
 * The read model's JdbcTemplate: a read that the replica fails to answer (gone, frozen, black-holed: the
 * connection breaks or the statement times out) marks the replica down and runs again, once, on the primary, so
 * the visitor gets the page a second late rather than an error. Reads change nothing, so running one twice is
 * safe; every statement of the read model goes through {@link #execute(PreparedStatementCreator,
 * PreparedStatementCallback)}, which JdbcClient's queries use.
 */
final class ReplicaFailoverJdbcTemplate extends JdbcTemplate {

	private final RoutingDataSource routing;

	ReplicaFailoverJdbcTemplate(RoutingDataSource routing) {
		super(routing);
		this.routing = routing;
	}

	@Override
	public <T> T execute(PreparedStatementCreator creator, PreparedStatementCallback<T> action) throws DataAccessException {
		this.routing.readStarts();
		try {
			return super.execute(creator, action);
		}
		catch (DataAccessException ex) {
			SQLException cause = connectionFailure(ex);
			if (cause == null || !this.routing.replicaFailed(cause)) {
				throw ex;
			}
			return super.execute(creator, action);
		}
	}

	/** The SQLException behind ex when it says the server did not answer, not that the statement was wrong. */
	static SQLException connectionFailure(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLRecoverableException || cause instanceof SQLTimeoutException
					|| cause instanceof SQLTransientConnectionException) {
				return (SQLException) cause;
			}
		}
		return null;
	}

}
