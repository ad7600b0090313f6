package com.foobar.account;

import java.security.SecureRandom;
import java.util.Base64;

import org.springframework.session.SessionIdGenerator;

/**
 * The bearer secrets the site makes: session ids (for new sessions and for the new id a sign-in or password change
 * gives one) and CSRF tokens (CsrfTokens). 192 random bits each: ASVS 7.2.3 and 11.5.1 ask for at least 128, and
 * Spring's own, random UUIDs, have 122. 24 bytes from SecureRandom in base64url: 32 characters, within the session
 * table's CHAR(36).
 */
final class RandomTokens implements SessionIdGenerator {

	static final int BYTES = 24;

	private static final SecureRandom RANDOM = new SecureRandom();

	static String next() {
		byte[] bytes = new byte[BYTES];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	@Override
	public String generate() {
		return next();
	}

}
