package com.foobar.account;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The signed-in owner proves it again with the password before changing it or ending sessions (ASVS 7.5.1, 7.5.2):
 * a session left open in someone else's hands does not suffice. A wrong password counts as a failed sign-in for
 * the account and the address (LoginThrottle), so it cannot be guessed here either.
 */
@Component
class Reauthentication {

	enum Outcome {
		CONFIRMED, WRONG, THROTTLED
	}

	private final AccountRepository repository;

	private final PasswordEncoder encoder;

	private final LoginThrottle throttle;

	Reauthentication(AccountRepository repository, PasswordEncoder encoder, LoginThrottle throttle) {
		this.repository = repository;
		this.encoder = encoder;
		this.throttle = throttle;
	}

	@Transactional(readOnly = true)
	Outcome check(String handle, String password, String client) {
		if (this.throttle.blocked(handle, client)) {
			return Outcome.THROTTLED;
		}
		String hash = this.repository.findByHandle(handle)
			.map(Account::getPasswordHash)
			.orElseThrow(() -> new IllegalStateException("No account " + handle));
		if (password != null && !password.isEmpty() && this.encoder.matches(password, hash)) {
			return Outcome.CONFIRMED;
		}
		this.throttle.failed(handle, client);
		return Outcome.WRONG;
	}

}
