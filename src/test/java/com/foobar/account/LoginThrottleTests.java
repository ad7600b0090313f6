package com.foobar.account;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTests {

	private final LoginThrottle throttle = new LoginThrottle(3, 8, 5, Duration.ofHours(1));

	/** A stranger guessing from one address locks that address out of the account, not the account's owner. */
	@Test
	void failuresFromOneAddressBlockThatAddressNotTheOwner() {
		for (int i = 0; i < 3; i++) {
			assertThat(this.throttle.blocked("Alice", "10.0.0.1")).isFalse();
			this.throttle.failed("alice", "10.0.0.1");
		}
		assertThat(this.throttle.blocked("ALICE ", "10.0.0.1")).isTrue();
		assertThat(this.throttle.blocked("alice", "10.9.9.9")).as("the owner, elsewhere").isFalse();
		assertThat(this.throttle.blocked("bob", "10.0.0.1")).isFalse();
	}

	/** Guessing spread over many addresses meets the account's own ceiling, and then blocks it everywhere. */
	@Test
	void failuresFromManyAddressesBlockTheAccountAtItsCeiling() {
		for (int i = 0; i < 7; i++) {
			this.throttle.failed("alice", "10.0.1." + i);
		}
		assertThat(this.throttle.blocked("alice", "10.9.9.9")).isFalse();
		this.throttle.failed("alice", "10.0.1.7");
		assertThat(this.throttle.blocked("alice", "10.9.9.9")).isTrue();
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

	/** The database matches handles under utf8mb4_unicode_ci: each spelling it equates shares the account's bucket. */
	@Test
	void everySpellingOfAnAccountTheDatabaseWouldMatchSharesItsAttempts() {
		this.throttle.failed("alice", "10.0.0.1");
		this.throttle.failed("Álíce", "10.0.0.1");
		this.throttle.failed("\uFF41\uFF4C\uFF49\uFF43\uFF45", "10.0.0.1"); // fullwidth
		assertThat(this.throttle.blocked("a\u0301lice", "10.0.0.1")).isTrue(); // a + combining acute
		assertThat(this.throttle.blocked("ALICE", "10.0.0.1")).isTrue();
		assertThat(this.throttle.blocked("bob", "10.0.0.9")).isFalse();
	}

	/** Keys are a fixed size whatever is sent, so a flood of huge names cannot fill the heap; junk is refused. */
	@Test
	void keysAreBoundedInBytesAndOverlongNamesAreRefused() {
		String huge = "x".repeat(250_000);
		assertThat(LoginThrottle.key(huge)).hasSize(44);
		assertThat(LoginThrottle.key("alice")).hasSize(44).isEqualTo(LoginThrottle.key(" ALICE "));
		assertThat(this.throttle.blocked(huge, "10.0.0.1")).isTrue();
		assertThat(this.throttle.blocked("x".repeat(LoginThrottle.LONGEST_NAME), "10.0.0.1")).isFalse();
	}

	@Test
	void accountsThatDoNotExistAreThrottledTheSameWay() {
		for (int i = 0; i < 8; i++) {
			this.throttle.failed("nobody-has-this-name", "198.51.100." + i);
		}
		assertThat(this.throttle.blocked("nobody-has-this-name", "198.51.100.200")).isTrue();
	}

}
