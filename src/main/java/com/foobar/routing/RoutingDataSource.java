package com.foobar.routing;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * The read-only side of {@link org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy}: every
 * {@code @Transactional(readOnly = true)} gets its connection here. The replica when it is usable and (for a
 * session that wrote) has applied the session's last write within the causal wait; otherwise the primary.
 * When the primary is down the replica serves even if stale: an old page beats an error page.
 */
final class RoutingDataSource extends AbstractDataSource {

	private final DataSource primary;

	private final DataSource replica;

	private final ReplicaMonitor monitor;

	private final ReplicationDialect dialect;

	private final DatabaseProperties properties;

	private final RoutingMetrics metrics;

	/** Where this thread's last connection came from (ReplicaFailover asks after a failure). */
	private final ThreadLocal<ReadSource> lastSource = new ThreadLocal<>();

	RoutingDataSource(DataSource primary, DataSource replica, ReplicaMonitor monitor, ReplicationDialect dialect,
			DatabaseProperties properties, RoutingMetrics metrics) {
		this.primary = primary;
		this.replica = replica;
		this.monitor = monitor;
		this.dialect = dialect;
		this.properties = properties;
		this.metrics = metrics;
	}

	@Override
	public Connection getConnection() throws SQLException {
		RequestRouting routing = RequestRouting.current();
		ReplicaMonitor.State state = this.monitor.state();
		if (!state.replicaUsable() && state.primaryUp()) {
			return fromPrimary(routing, state.reason());
		}
		CausalMark pending = (routing != null) ? routing.pending() : null;
		if (pending != null && pending.unknown()) {
			return fromPrimary(routing, "causal_unknown");
		}
		Connection connection;
		try {
			connection = this.replica.getConnection();
		}
		catch (SQLException ex) {
			this.monitor.replicaFailed(ex);
			return fromPrimary(routing, "replica_down");
		}
		// The replica had applied a heartbeat stamped after the commit at the last check: no wait (CausalMark).
		boolean applied = pending != null && pending.appliedBy(state.appliedBeatMicros());
		if (pending != null && !applied && !reached(connection, pending.gtid())) {
			connection.close();
			return fromPrimary(routing, "causal_timeout");
		}
		if (pending != null) {
			routing.gtidReached();
		}
		String reason = !state.replicaUsable() ? "primary_down"
				: applied ? "causal_applied" : (pending != null) ? "causal_reached" : "healthy";
		record(routing, ReadSource.REPLICA, reason);
		return connection;
	}

	private boolean reached(Connection connection, String gtid) {
		long start = System.nanoTime();
		boolean reached;
		try {
			reached = this.dialect.waitForGtid(connection, gtid, this.properties.causalWait());
		}
		catch (SQLException ex) {
			reached = false;
		}
		this.metrics.causalWait(System.nanoTime() - start, reached);
		return reached;
	}

	private Connection fromPrimary(RequestRouting routing, String reason) throws SQLException {
		Connection connection = this.primary.getConnection();
		record(routing, ReadSource.PRIMARY, reason);
		return connection;
	}

	/** A read begins on this thread: what earlier ones used says nothing about it. */
	void readStarts() {
		this.lastSource.remove();
	}

	/** The read that just failed ran on the replica: stop sending reads there until the monitor sees it well. */
	boolean replicaFailed(SQLException ex) {
		if (this.lastSource.get() != ReadSource.REPLICA) {
			return false;
		}
		this.lastSource.remove();
		this.monitor.replicaFailed(ex);
		return true;
	}

	private void record(RequestRouting routing, ReadSource source, String reason) {
		this.lastSource.set(source);
		this.metrics.decision(source, reason);
		if (routing != null) {
			routing.readFrom(source);
		}
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		throw new SQLException("Credentials come from the pools' configuration");
	}

}
