package com.foobar.routing;

/**
 * A session's last write, as its later reads must see it: the GTID (or GTID set) of the commit, and the primary's
 * clock just after it, in microseconds since 1970 (UTC).
 * <p>
 * The time spares most reads their wait on the replica: a heartbeat the replica has applied that the primary
 * stamped later than this was written after the commit, and replicas apply commits in the primary's order
 * (MariaDB's in-order parallel replication, MySQL's replica_preserve_commit_order), so the commit is there too.
 * The monitor reads the newest applied heartbeat at each check; a read within a check or two of the write
 * still waits for the GTID.
 */
record CausalMark(String gtid, long committedMicros) {

	/** A commit whose GTID could not be read: the session reads from the primary until its next write. */
	static final CausalMark UNKNOWN = new CausalMark("unknown", Long.MAX_VALUE);

	/** The primary's clock in the same unit, for the commit's mark and the heartbeats it is compared with. */
	static final String MICROS_SINCE_1970 = "TIMESTAMPDIFF(MICROSECOND, '1970-01-01', %s)";

	private static final char SEPARATOR = '@';

	/** As the session keeps it ({@link #stored()}); a bare GTID, as earlier releases kept it, has no known time. */
	static CausalMark parse(String stored) {
		int at = stored.indexOf(SEPARATOR);
		return (at < 0) ? new CausalMark(stored, Long.MAX_VALUE)
				: new CausalMark(stored.substring(at + 1), Long.parseLong(stored.substring(0, at)));
	}

	String stored() {
		return this.committedMicros + String.valueOf(SEPARATOR) + this.gtid;
	}

	boolean unknown() {
		return UNKNOWN.equals(this);
	}

	/** Whether a replica whose newest applied heartbeat was stamped at {@code appliedBeatMicros} has this commit. */
	boolean appliedBy(long appliedBeatMicros) {
		return appliedBeatMicros > this.committedMicros;
	}

}
