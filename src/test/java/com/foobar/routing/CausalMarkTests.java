package com.foobar.routing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How a session keeps its last write, and when a replica's applied heartbeat vouches for it. */
class CausalMarkTests {

	@Test
	void aMarkSurvivesTheSessionWithItsGtidSetWhole() {
		CausalMark mark = new CausalMark("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-77,aaaa:1-5", 1_765_000_000_123_456L);
		assertThat(CausalMark.parse(mark.stored())).isEqualTo(mark);
		assertThat(CausalMark.parse(CausalMark.UNKNOWN.stored()).unknown()).isTrue();
	}

	@Test
	void aBareGtidOfAnEarlierReleaseIsNeverVouchedForByTime() {
		CausalMark legacy = CausalMark.parse("0-1-42");
		assertThat(legacy.gtid()).isEqualTo("0-1-42");
		assertThat(legacy.appliedBy(Long.MAX_VALUE - 1)).isFalse();
		assertThat(CausalMark.parse("unknown").unknown()).isTrue();
	}

	@Test
	void onlyAHeartbeatStampedAfterTheCommitVouchesForIt() {
		CausalMark mark = new CausalMark("0-1-42", 1_000_000L);
		assertThat(mark.appliedBy(1_000_001L)).isTrue();
		assertThat(mark.appliedBy(1_000_000L)).isFalse();
		assertThat(mark.appliedBy(Long.MIN_VALUE)).isFalse();
	}

}
