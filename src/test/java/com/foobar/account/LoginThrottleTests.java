package com.foobar.account;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTests {

	private final LoginThrottle throttle = new LoginThrottle(3, 5, Duration.ofHours(1));

	@Test
	void blocksAnAccountAfterItsFailuresFromAnyAddress() {
		for (int i = 0; i < 3; i++) {
			assertThat(this.throttle.blocked("Alice", "10.0.0." + i)).isFalse();
			this.throttle.failed("alice", "10.0.0." + i);
		}
		assertThat(this.throttle.blocked("ALICE ", "10.9.9.9")).isTrue();
		assertThat(this.throttle.blocked("bob", "10.9.9.9")).isFalse();
	}

	@Test
	void blocksAnAddressThatTriesManyAccounts() {
		for (int i = 0; i < 5; i++) {
			this.throttle.failed("user" + i, "192.0.2.1");
		}
		assertThat(this.throttle.blocked("someone-else", "192.0.2.1")).isTrue();
		assertThat(this.throttle.blocked("someone-else", "192.0.2.2")).isFalse();
	}

	@Test
	void accountsThatDoNotExistAreThrottledTheSameWay() {
		for (int i = 0; i < 3; i++) {
			this.throttle.failed("nobody-has-this-name", "198.51.100." + i);
		}
		assertThat(this.throttle.blocked("nobody-has-this-name", "198.51.100.200")).isTrue();
	}

}
