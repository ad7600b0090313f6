package com.foobar.account;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 6238's test vectors, the window and single use. */
class TotpTests {

	/** RFC 6238 appendix B's SHA-1 seed, "12345678901234567890", in base32. */
	private static final String RFC_SEED = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

	@Test
	void codesAreRfc6238s() {
		byte[] key = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
		assertThat(Totp.decode(RFC_SEED)).isEqualTo(key);
		// The RFC's 8-digit values, of which a 6-digit code is the last six.
		assertThat(Totp.code(key, 59 / 30)).isEqualTo(287082);
		assertThat(Totp.code(key, 1111111109L / 30)).isEqualTo(81804);
		assertThat(Totp.code(key, 1234567890L / 30)).isEqualTo(5924);
		assertThat(Totp.code(key, 20000000000L / 30)).isEqualTo(353130);
	}

	@Test
	void aCodeIsGoodForItsStepAndBrieflyTheNextAndOnlyOnce() {
		Instant start = Instant.ofEpochSecond(1111111110L); // the first second of a step
		long step = Totp.step(start);
		String previous = "%06d".formatted(Totp.code(Totp.decode(RFC_SEED), step - 1));
		String current = "%06d".formatted(Totp.code(Totp.decode(RFC_SEED), step));
		assertThat(Totp.verify(RFC_SEED, current, start, 0)).hasValue(step);
		assertThat(Totp.verify(RFC_SEED, previous, start.plusSeconds(4), 0)).hasValue(step - 1);
		assertThat(Totp.verify(RFC_SEED, previous, start.plusSeconds(5), 0)).isEmpty();
		assertThat(Totp.verify(RFC_SEED, current, start.plusSeconds(34), 0)).as("in the grace of the next step").hasValue(step);
		assertThat(Totp.verify(RFC_SEED, current, start.plusSeconds(35), 0)).as("past it").isEmpty();
		assertThat(Totp.verify(RFC_SEED, current, start.plusSeconds(10), step)).as("used already").isEmpty();
		assertThat(Totp.verify(RFC_SEED, "12345", start, 0)).isEmpty();
		assertThat(Totp.verify(RFC_SEED, "abcdef", start, 0)).isEmpty();
	}

	@Test
	void newSecretsAre160RandomBitsInBase32() {
		String one = Totp.newSecret();
		assertThat(one).hasSize(32).matches("[A-Z2-7]+");
		assertThat(Totp.decode(one)).hasSize(20);
		assertThat(Totp.newSecret()).isNotEqualTo(one);
		assertThat(Totp.uri("foobar", "alice", one))
			.isEqualTo("otpauth://totp/foobar%3Aalice?secret=" + one + "&issuer=foobar&algorithm=SHA1&digits=6&period=30");
	}

}
