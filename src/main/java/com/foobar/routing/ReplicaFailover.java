package com.foobar.routing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcOperations;

/**
 * The read model's JdbcOperations: a read that the replica fails to answer (gone, frozen, black-holed: the
 * connection breaks or the statement times out) marks the replica down and runs again, once, on the primary, so
 * the visitor gets the page a second late rather than an error. Reads change nothing, so running one twice is
 * safe; the read model's queries collect their rows into a fresh list each run (never a row callback that saw
 * the first run's rows).
 * <p>
 * A proxy of the JdbcOperations interface, through which JdbcClient makes every call: overriding JdbcTemplate's
 * public execute missed them all, since its query and update methods call a private overload (a frozen replica
 * then cost the first visitors a 500, until the monitor's heartbeat noticed).
 */
final class ReplicaFailover implements InvocationHandler {

	private final JdbcOperations target;

	private final RoutingDataSource routing;

	private ReplicaFailover(JdbcOperations target, RoutingDataSource routing) {
		this.target = target;
		this.routing = routing;
	}

	static JdbcOperations around(JdbcOperations target, RoutingDataSource routing) {
		return (JdbcOperations) Proxy.newProxyInstance(JdbcOperations.class.getClassLoader(),
				new Class<?>[] { JdbcOperations.class }, new ReplicaFailover(target, routing));
	}

	@Override
	public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
		if (method.getDeclaringClass() == Object.class) {
			return call(method, args);
		}
		this.routing.readStarts();
		try {
			return call(method, args);
		}
		catch (DataAccessException ex) {
			SQLException cause = connectionFailure(ex);
			if (cause == null || !this.routing.replicaFailed(cause)) {
				throw ex;
			}
			return call(method, args);
		}
	}

	private Object call(Method method, Object[] args) throws Throwable {
		try {
			return method.invoke(this.target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
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
