package com.foobar.routing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;

/**
 * Watches the replica once per check interval. Each app instance writes a heartbeat row on the primary;
 * the replica's lag is how old the newest heartbeat it has applied is (pt-heartbeat's method, which, unlike
 * Seconds_Behind_Master, also sees a stalled receiver). The replica is usable while it replicates and lags
 * less than the threshold. The same check follows a promotion: when the heartbeat fails (the writer is down or
 * read-only) and the reader is writable, the nodes have swapped roles, and so do the pools (DatabaseRoles).
 */
class ReplicaMonitor {

	static final String BEAT = "INSERT INTO heartbeat (instance, beat) VALUES (?, UTC_TIMESTAMP(6))"
			+ " ON DUPLICATE KEY UPDATE beat = UTC_TIMESTAMP(6)";

	/**
	 * The lag and whether the node is read-only. The lag in a subquery: MariaDB 10.11 answers 0 for
	 * {@code @@read_only} in the select list of an aggregate query (seen here: a stopped writer made every app
	 * take a read-only reader for the new writer; PrimaryOutageIT failed on it).
	 */
	static final String LAG = "SELECT (SELECT TIMESTAMPDIFF(MICROSECOND, MAX(beat), UTC_TIMESTAMP(6)) FROM heartbeat),"
			+ " @@global.read_only, (SELECT " + CausalMark.MICROS_SINCE_1970.formatted("MAX(beat)") + " FROM heartbeat)";

	/**
	 * What the last check found. {@code appliedBeatMicros}: when the primary stamped the newest heartbeat the
	 * replica had applied (see {@link CausalMark}); Long.MIN_VALUE when not known.
	 */
	record State(boolean replicaUsable, String reason, double lagSeconds, boolean primaryUp, long appliedBeatMicros) {

		State(boolean replicaUsable, String reason, double lagSeconds, boolean primaryUp) {
			this(replicaUsable, reason, lagSeconds, primaryUp, Long.MIN_VALUE);
		}

	}

	private static final Logger log = LoggerFactory.getLogger(ReplicaMonitor.class);

	private final DataSource primary;

	private final DataSource replica;

	private final DatabaseRoles roles;

	private final ReplicationDialect dialect;

	private final DatabaseProperties properties;

	private final String instance;

	private volatile State state = new State(false, "starting", Double.NaN, true);

	ReplicaMonitor(DataSource primary, DataSource replica, DatabaseRoles roles, ReplicationDialect dialect,
			DatabaseProperties properties, String instance, MeterRegistry registry) {
		this.primary = primary;
		this.replica = replica;
		this.roles = roles;
		this.dialect = dialect;
		this.properties = properties;
		this.instance = instance;
		Gauge.builder("foobar.replica.lag", this, m -> m.state.lagSeconds())
			.description("Replica lag as this app instance sees it (age of the newest applied heartbeat)")
			.baseUnit("seconds")
			.register(registry);
		Gauge.builder("foobar.replica.usable", this, m -> m.state.replicaUsable() ? 1 : 0)
			.description("1 while reads may go to the replica")
			.register(registry);
	}

	State state() {
		return this.state;
	}

	@Scheduled(fixedDelayString = "${foobar.db.check-interval:1s}")
	void check() {
		boolean primaryUp = beat();
		State next = probeReplica(primaryUp);
		if (next.reason().equals("writable")) {
			String old = this.roles.writer();
			this.roles.swap();
			log.warn("{} no longer takes writes and {} does (a promotion): the pools moved, {} is the writer now", old,
					this.roles.writer(), this.roles.writer());
			primaryUp = beat();
			next = probeReplica(primaryUp);
		}
		if (!next.reason().equals(this.state.reason())) {
			log.info("Replica is now {} (lag {} s)", next.reason(), next.lagSeconds());
		}
		this.state = next;
	}

	/** A read found the replica unreachable between two checks: stop sending reads there at once. */
	void replicaFailed(SQLException ex) {
		log.warn("Replica connection failed: {}", ex.getMessage());
		State current = this.state;
		this.state = new State(false, "replica_down", Double.NaN, current.primaryUp());
	}

	private boolean beat() {
		try (Connection connection = this.primary.getConnection();
				PreparedStatement statement = connection.prepareStatement(BEAT)) {
			statement.setString(1, this.instance);
			statement.executeUpdate();
			return true;
		}
		catch (SQLException ex) {
			log.debug("Heartbeat on the primary failed", ex);
			return false;
		}
	}

	private State probeReplica(boolean primaryUp) {
		try (Connection connection = this.replica.getConnection()) {
			double lag;
			boolean readOnly;
			long appliedBeat;
			try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(LAG)) {
				rs.next();
				long micros = rs.getLong(1);
				// No heartbeat applied yet (a fresh pair): nothing to be behind on.
				lag = rs.wasNull() ? 0 : Math.max(0, micros) / 1e6;
				readOnly = rs.getBoolean(2);
				appliedBeat = rs.getLong(3);
				appliedBeat = rs.wasNull() ? Long.MIN_VALUE : appliedBeat;
			}
			if (!primaryUp && !readOnly) {
				return new State(false, "writable", lag, false);
			}
			if (!this.dialect.isReplicating(connection)) {
				return new State(false, "not_replicating", lag, primaryUp);
			}
			if (lag > this.properties.lagThreshold().toNanos() / 1e9) {
				return new State(false, "lagging", lag, primaryUp);
			}
			return new State(true, "healthy", lag, primaryUp, appliedBeat);
		}
		catch (SQLException ex) {
			return new State(false, "replica_down", Double.NaN, primaryUp);
		}
	}

}
