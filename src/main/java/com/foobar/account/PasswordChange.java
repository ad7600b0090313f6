package com.foobar.account;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.Errors;

/** A signed-in owner's new password, proven by the current one (Reauthentication). */
@Service
class PasswordChange {

	private final AccountRepository repository;

	private final PasswordEncoder encoder;

	private final Reauthentication reauthentication;

	PasswordChange(AccountRepository repository, PasswordEncoder encoder, Reauthentication reauthentication) {
		this.repository = repository;
		this.encoder = encoder;
		this.reauthentication = reauthentication;
	}

	/** Replaces the hash when every check passes; otherwise adds the reasons to {@code errors} and changes nothing. */
	@Transactional
	boolean change(String handle, PasswordChangeForm form, Errors errors, String client) {
		if (!errors.hasFieldErrors("currentPassword")) {
			switch (this.reauthentication.check(handle, form.currentPassword(), client)) {
				case THROTTLED -> errors.reject("login.throttled");
				case WRONG -> errors.rejectValue("currentPassword", "account.password.current.wrong");
				case CONFIRMED -> {
				}
			}
		}
		Account account = this.repository.findByHandle(handle)
			.orElseThrow(() -> new IllegalStateException("No account " + handle));
		PasswordRules.checkNew(form.password(), form.confirmPassword(), account.getHandle(), account.getEmail(), errors);
		if (errors.hasErrors()) {
			return false;
		}
		account.rehash(this.encoder.encode(form.password()));
		return true;
	}

}
