package com.foobar.account;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits), what authenticator apps
 * generate. A code is good for its own step, and for the step before during the first 5 seconds of the next
 * (typing and network delay): at most 35 seconds (ASVS 6.5.5 asks 30; the grace keeps a code typed at a step's
 * end from failing). A step that was used is never accepted again (6.5.1): the caller keeps the last one.
 */
final class Totp {

	static final Duration STEP = Duration.ofSeconds(30);

	static final Duration GRACE = Duration.ofSeconds(5);

	private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

	private static final SecureRandom RANDOM = new SecureRandom();

	private Totp() {
	}

	/** A new seed: 160 random bits (RFC 4226's recommended length), in base32 as the apps take it. */
	static String newSecret() {
		byte[] seed = new byte[20];
		RANDOM.nextBytes(seed);
		StringBuilder out = new StringBuilder();
		int buffer = 0;
		int bits = 0;
		for (byte b : seed) {
			buffer = (buffer << 8) | (b & 0xff);
			bits += 8;
			while (bits >= 5) {
				out.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
				bits -= 5;
			}
		}
		return out.toString();
	}

	/** What an authenticator app reads (as a link or a QR code of it) to add the account. */
	static String uri(String issuer, String account, String secret) {
		String label = URLEncoder.encode(issuer + ":" + account, StandardCharsets.UTF_8).replace("+", "%20");
		return "otpauth://totp/" + label + "?secret=" + secret + "&issuer="
				+ URLEncoder.encode(issuer, StandardCharsets.UTF_8) + "&algorithm=SHA1&digits=6&period=30";
	}

	static long step(Instant now) {
		return now.getEpochSecond() / STEP.toSeconds();
	}

	/** The step {@code code} is good for at {@code now}, if any, and only one later than {@code lastUsed}. */
	static OptionalLong verify(String secret, String code, Instant now, long lastUsed) {
		if (code == null || !code.strip().matches("\\d{6}")) {
			return OptionalLong.empty();
		}
		int given = Integer.parseInt(code.strip());
		byte[] key = decode(secret);
		long current = step(now);
		boolean early = now.getEpochSecond() % STEP.toSeconds() < GRACE.toSeconds();
		for (long step = current; step >= (early ? current - 1 : current); step--) {
			if (step > lastUsed && code(key, step) == given) {
				return OptionalLong.of(step);
			}
		}
		return OptionalLong.empty();
	}

	/** RFC 4226's HOTP value of {@code step}, 6 digits. */
	static int code(byte[] key, long step) {
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(key, "HmacSHA1"));
			byte[] hash = mac.doFinal(java.nio.ByteBuffer.allocate(8).putLong(step).array());
			int offset = hash[hash.length - 1] & 0x0f;
			int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
					| ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
			return binary % 1_000_000;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static byte[] decode(String secret) {
		String clean = secret.replace("=", "").replace(" ", "").toUpperCase(java.util.Locale.ROOT);
		byte[] out = new byte[clean.length() * 5 / 8];
		int buffer = 0;
		int bits = 0;
		int i = 0;
		for (char c : clean.toCharArray()) {
			int value = BASE32.indexOf(c);
			if (value < 0) {
				throw new IllegalArgumentException("Not base32: " + c);
			}
			buffer = (buffer << 5) | value;
			bits += 5;
			if (bits >= 8) {
				out[i++] = (byte) (buffer >> (bits - 8));
				bits -= 8;
			}
		}
		return out;
	}

}
