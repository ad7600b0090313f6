package com.foobar.account;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped breach list is whole and is what refuses passwords, in any case; good passphrases pass. */
class PasswordRulesTests {

	@Test
	void theListHoldsOverAHundredThousandPasswordsAndEveryLongOneIsRefused() throws Exception {
		List<String> list;
		try (var in = new BufferedReader(new InputStreamReader(
				new GZIPInputStream(PasswordRules.class.getResourceAsStream(PasswordRules.LIST)), StandardCharsets.UTF_8))) {
			list = in.lines().toList();
		}
		assertThat(list).hasSizeGreaterThan(100_000).doesNotHaveDuplicates();
		List<String> reachable = list.stream().filter(p -> p.length() >= PasswordRules.MIN_LENGTH).toList();
		assertThat(reachable).hasSizeGreaterThan(10_000);
		assertThat(reachable).allMatch(p -> PasswordRules.guessable(p, "someone", "someone@example.com"));
	}

	@Test
	void commonPasswordsInAnyCaseAndOnesMadeFromTheAccountAreRefused() {
		assertThat(PasswordRules.guessable("Password1234", "someone", "someone@example.com")).isTrue();
		assertThat(PasswordRules.guessable("QWERTY123456", "someone", "someone@example.com")).isTrue();
		assertThat(PasswordRules.guessable("someone-is-me!", "someone", "someone@example.com")).isTrue();
		assertThat(PasswordRules.guessable("SOMEONE@example.com", "someone", "someone@example.com")).isTrue();
		assertThat(PasswordRules.guessable("correct horse battery staple", "someone", "someone@example.com")).isFalse();
	}

}
