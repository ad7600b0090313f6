package com.foobar.account;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import org.springframework.validation.Errors;

/**
 * What makes a password too easy to guess, for sign-up and password change alike (NIST SP 800-63B: length over
 * composition, the length checked by the forms): one of 414,569 passwords from public breach lists
 * (resources/account/common-passwords.txt.gz, provenance in its README), or one made from the account's own handle
 * or e-mail. Compared in lower case.
 */
final class PasswordRules {

	static final String LIST = "/account/common-passwords.txt.gz";

	/** Shortest password the forms take: shorter entries of the list can never reach the check. */
	static final int MIN_LENGTH = 12;

	private PasswordRules() {
	}

	/**
	 * A new password on a form (fields {@code password} and {@code confirmPassword}), for sign-up, change and reset:
	 * typed twice alike, and not guessable. What is wrong goes to {@code errors}.
	 */
	static void checkNew(String password, String confirmation, String handle, String email, Errors errors) {
		if (!(password == null ? "" : password).equals(confirmation)) {
			errors.rejectValue("confirmPassword", "signup.password.mismatch");
		}
		if (guessable(password, handle, email)) {
			errors.rejectValue("password", "signup.password.guessable");
		}
	}

	/** {@code handle} and {@code email} as stored (trimmed, lower case). */
	static boolean guessable(String password, String handle, String email) {
		String lower = password == null ? "" : password.toLowerCase(Locale.ROOT);
		return !lower.isEmpty()
				&& (Common.PASSWORDS.contains(lower) || lower.contains(handle) || lower.equals(email));
	}

	/** Read at the first check, not at start-up: about 12,000 entries kept of the list's 414,569. */
	static final class Common {

		static final Set<String> PASSWORDS = load();

		private Common() {
		}

		private static Set<String> load() {
			try (InputStream in = PasswordRules.class.getResourceAsStream(LIST)) {
				if (in == null) {
					throw new IllegalStateException("The common password list " + LIST + " is missing from the build");
				}
				BufferedReader lines = new BufferedReader(
						new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8));
				return lines.lines().filter(line -> line.length() >= MIN_LENGTH).collect(Collectors.toUnmodifiableSet());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
