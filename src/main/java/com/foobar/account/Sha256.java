package com.foobar.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, which every JVM has: how the site names a secret or a name without keeping it (logs, pages, resets). */
final class Sha256 {

	private Sha256() {
	}

	static byte[] of(byte[] data) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(data);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every JVM", ex);
		}
	}

	static byte[] of(String text) {
		return of(text.getBytes(StandardCharsets.UTF_8));
	}

}
