package com.foobar.routing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The primary as the write path sees it: after each read-write commit made during a web request, reads the
 * commit's GTID on the same connection and hands it to {@link RequestRouting} for causal reads.
 */
final class GtidCapturingDataSource extends DelegatingDataSource {

	private static final Logger log = LoggerFactory.getLogger(GtidCapturingDataSource.class);

	private final ReplicationDialect dialect;

	GtidCapturingDataSource(DataSource primary, ReplicationDialect dialect) {
		super(primary);
		this.dialect = dialect;
	}

	@Override
	public Connection getConnection() throws SQLException {
		Connection target = obtainTargetDataSource().getConnection();
		return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] { Connection.class },
				(proxy, method, args) -> {
					Object result;
					try {
						result = method.invoke(target, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getTargetException();
					}
					if ("commit".equals(method.getName())) {
						afterCommit(target);
					}
					return result;
				});
	}

	private void afterCommit(Connection connection) {
		RequestRouting routing = RequestRouting.current();
		if (routing == null) {
			return;
		}
		try {
			if (!connection.isReadOnly()) {
				CausalMark mark = this.dialect.committed(connection);
				if (!mark.gtid().isEmpty()) {
					routing.committed(mark);
				}
			}
		}
		catch (SQLException ex) {
			// The write itself succeeded; without its GTID later reads of this session go to the primary.
			log.warn("Could not read the GTID of a commit: {}", ex.getMessage());
			routing.committed(CausalMark.UNKNOWN);
		}
	}

}
