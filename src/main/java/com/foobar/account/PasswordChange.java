package com.foobar.account;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.Errors;

/**
 * A signed-in owner's new password, proven by the current one. A wrong current password counts as a failed
 * sign-in for the account and the address (LoginThrottle), so a session left open cannot be used to guess it.
 */
@Service
class PasswordChange {

	private final AccountRepository repository;

	private final PasswordEncoder encoder;

	private final LoginThrottle throttle;

	PasswordChange(AccountRepository repository, PasswordEncoder encoder, LoginThrottle throttle) {
		this.repository = repository;
		this.encoder = encoder;
		this.throttle = throttle;
	}

	/** Replaces the hash when every check passes; otherwise adds the reasons to {@code errors} and changes nothing. */
	@Transactional
	boolean change(String handle, PasswordChangeForm form, Errors errors, String client) {
		if (this.throttle.blocked(handle, client)) {
			errors.reject("login.throttled");
			return false;
		}
		Account account = this.repository.findByHandle(handle)
			.orElseThrow(() -> new IllegalStateException("No account " + handle));
		if (!errors.hasFieldErrors("currentPassword")
				&& !this.encoder.matches(form.currentPassword(), account.getPasswordHash())) {
			this.throttle.failed(handle, client);
			errors.rejectValue("currentPassword", "account.password.current.wrong");
		}
		if (form.password() != null && !form.password().equals(form.confirmPassword())) {
			errors.rejectValue("confirmPassword", "signup.password.mismatch");
		}
		if (PasswordRules.guessable(form.password(), account.getHandle(), account.getEmail())) {
			errors.rejectValue("password", "signup.password.guessable");
		}
		if (errors.hasErrors()) {
			return false;
		}
		account.rehash(this.encoder.encode(form.password()));
		return true;
	}

}
