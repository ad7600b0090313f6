package com.foobar.stack;

import com.foobar.support.Stack;
import com.foobar.support.TestStack;
import com.foobar.support.Visitor;
import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passwords through the real site and database: one past bcrypt's 72 bytes signs up and in and counts in full; an
 * account whose hash is still bcrypt (made before PBKDF2) signs in, and its hash is replaced on the primary.
 */
class PasswordStackIT {

	private final String site = Stack.url();

	@Test
	void aPasswordPastBcryptsLimitSignsUpAndInAndEveryCharacterCounts() {
		String handle = "long_" + System.nanoTime() % 1_000_000;
		String password = "a long passphrase ".repeat(6);
		new Visitor("127.0.0.11").signUpAndSignIn(this.site, this.site, handle, password);
		var sameFirst72Bytes = new Visitor("127.0.0.11").submit(this.site + "/login", this.site + "/login", "username",
				handle, "password", password.substring(0, 72) + "x".repeat(36));
		assertThat(Visitor.location(sameFirst72Bytes)).endsWith("/login?error");
	}

	@Test
	void anEarlierBcryptHashSignsInAndIsReplaced() throws InterruptedException {
		String handle = "old_" + System.nanoTime() % 1_000_000;
		String password = "an older phrase, still good";
		new Visitor("127.0.0.12").signUp(this.site, handle, password);
		String bcrypt = "{bcrypt}" + new BCryptPasswordEncoder().encode(password);
		TestStack.sql("primary", "UPDATE " + table() + " SET password_hash = '" + bcrypt + "' WHERE handle = '" + handle + "'");
		for (int i = 0; i < 50 && !hash("replica", handle).startsWith("{bcrypt}"); i++) {
			Thread.sleep(100);
		}
		assertThat(hash("replica", handle)).startsWith("{bcrypt}");

		new Visitor("127.0.0.12").signIn(this.site, handle, password);
		assertThat(hash("primary", handle)).startsWith("{pbkdf2@SpringSecurity_v5_8}");
		new Visitor("127.0.0.12").signIn(this.site, handle, password);
	}

	private static String hash(String node, String handle) {
		return TestStack.sql(node, "SELECT password_hash FROM " + table() + " WHERE handle = '" + handle + "'").strip();
	}

	private static String table() {
		return TestStack.env("FOOBAR_DB_NAME") + ".account";
	}

}
