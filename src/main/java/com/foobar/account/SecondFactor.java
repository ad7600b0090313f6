package com.foobar.account;

import java.time.Clock;
import java.util.OptionalLong;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** An account's optional second factor (TOTP): whether it has one, turning it on and off, checking a code. */
@Service
class SecondFactor {

	private final AccountRepository repository;

	private final Clock clock;

	SecondFactor(AccountRepository repository, Clock clock) {
		this.repository = repository;
		this.clock = clock;
	}

	/** On the writer: a sign-in must never miss a factor turned on a moment ago because the reader lags. */
	@Transactional
	boolean enabled(String handle) {
		return this.repository.findByHandle(handle).map(Account::getTotpSecret).isPresent();
	}

	/** Turns it on with {@code secret} when {@code code} is that seed's code now; false otherwise. */
	@Transactional
	boolean enable(String handle, String secret, String code) {
		OptionalLong step = Totp.verify(secret, code, this.clock.instant(), -1);
		if (step.isEmpty()) {
			return false;
		}
		account(handle).setTotpSecret(secret);
		this.repository.flush();
		return this.repository.useTotpStep(handle, step.getAsLong()) == 1;
	}

	/** A code of the account's own seed, for a step later than any used before; the step is then used. */
	@Transactional
	boolean accepts(String handle, String code) {
		String secret = account(handle).getTotpSecret();
		if (secret == null) {
			return false;
		}
		OptionalLong step = Totp.verify(secret, code, this.clock.instant(), this.repository.lastTotpStep(handle));
		return step.isPresent() && this.repository.useTotpStep(handle, step.getAsLong()) == 1;
	}

	@Transactional
	void disable(String handle) {
		account(handle).setTotpSecret(null);
	}

	private Account account(String handle) {
		return this.repository.findByHandle(handle).orElseThrow(() -> new IllegalStateException("No account " + handle));
	}

}
