package com.foobar.account;

import java.util.HexFormat;
import java.util.Optional;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.Errors;

/**
 * A forgotten password replaced with the one-time code the operator gave its owner (bin/foobar accounts reset,
 * ASVS 6.4.3): the code's SHA-256 must be the account's pending reset, not yet ended. The reset is spent by the
 * statement that writes the new hash, so a code works once. A second factor stays on (a reset never bypasses it)
 * unless the operator's reset was for a lost authenticator too (6.4.4).
 */
@Service
class PasswordReset {

	private final AccountRepository repository;

	private final PasswordEncoder encoder;

	PasswordReset(AccountRepository repository, PasswordEncoder encoder) {
		this.repository = repository;
		this.encoder = encoder;
	}

	/**
	 * The account's handle when its password is replaced; otherwise empty, the reasons added to {@code errors} and
	 * nothing changed. A wrong handle and a wrong code get the same answer.
	 */
	@Transactional
	Optional<String> reset(PasswordResetForm form, Errors errors) {
		if (errors.hasFieldErrors("handle") || errors.hasFieldErrors("code")) {
			return Optional.empty();
		}
		String digest = digest(form.code().strip());
		Optional<Account> found = this.repository.findByHandle(form.handle().strip());
		// Checked before the new password is hashed: a wrong code costs no PBKDF2.
		if (found.isEmpty() || this.repository.resetPending(found.get().getHandle(), digest) == 0) {
			errors.reject("reset.code.invalid");
			return Optional.empty();
		}
		Account account = found.get();
		PasswordRules.checkNew(form.password(), form.confirmPassword(), account.getHandle(), account.getEmail(), errors);
		if (errors.hasErrors()) {
			return Optional.empty();
		}
		String handle = account.getHandle();
		if (this.repository.useReset(handle, digest, this.encoder.encode(form.password())) != 1) {
			errors.reject("reset.code.invalid"); // spent by a request at the same moment
			return Optional.empty();
		}
		return Optional.of(handle);
	}

	/** What the account keeps of a code: its SHA-256 in hex, as the operator's command writes it. */
	static String digest(String code) {
		return HexFormat.of().formatHex(Sha256.of(code));
	}

}
