package com.foobar.account;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/** Passwords of any length count in full, and older hashes are replaced by current ones at sign-in. */
class PasswordsTests {

	private final PasswordEncoder encoder = new SecurityConfiguration().passwordEncoder();

	@Test
	void everyByteOfALongPasswordCounts() {
		String password = "x".repeat(100);
		String hash = this.encoder.encode(password);
		assertThat(hash).startsWith("{pbkdf2@SpringSecurity_v5_8}");
		assertThat(this.encoder.matches(password, hash)).isTrue();
		// bcrypt would compare only the first 72 bytes, and take this one as well.
		assertThat(this.encoder.matches("x".repeat(72) + "y".repeat(28), hash)).isFalse();
		assertThat(this.encoder.upgradeEncoding(hash)).isFalse();
	}

	@Test
	void anEarlierBcryptHashStillMatchesAndIsReplacedAtSignIn() {
		String old = "{bcrypt}" + new BCryptPasswordEncoder().encode("a long enough phrase");
		assertThat(this.encoder.matches("a long enough phrase", old)).isTrue();
		assertThat(this.encoder.upgradeEncoding(old)).isTrue();

		Account account = new Account("grace", "grace@example.com", old, Instant.EPOCH);
		AccountRepository repository = mock(AccountRepository.class);
		given(repository.findByHandle("grace")).willReturn(Optional.of(account));
		String current = this.encoder.encode("a long enough phrase");
		new AccountUserDetailsService(repository)
			.updatePassword(User.withUsername("grace").password(old).roles("USER").build(), current);
		assertThat(account.getPasswordHash()).isEqualTo(current);
	}

}
