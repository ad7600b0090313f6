package com.foobar.account;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.Errors;

@Service
class SignupService {

	private final AccountRepository repository;

	private final PasswordEncoder encoder;

	private final Clock clock;

	private final MeterRegistry registry;

	SignupService(AccountRepository repository, PasswordEncoder encoder, Clock clock, MeterRegistry registry) {
		this.repository = repository;
		this.encoder = encoder;
		this.clock = clock;
		this.registry = registry;
	}

	/** Checks what annotations cannot; adds field errors to {@code errors}. */
	@Transactional(readOnly = true)
	void validate(SignupForm form, Errors errors) {
		String password = form.password() == null ? "" : form.password();
		if (!password.equals(form.confirmPassword())) {
			errors.rejectValue("confirmPassword", "signup.password.mismatch");
		}
		if (PasswordRules.guessable(password, normal(form.handle()), normal(form.email()))) {
			errors.rejectValue("password", "signup.password.guessable");
		}
		if (!errors.hasFieldErrors("handle") && this.repository.existsByHandle(normal(form.handle()))) {
			errors.rejectValue("handle", "signup.handle.taken");
		}
		if (!errors.hasFieldErrors("email") && this.repository.existsByEmail(normal(form.email()))) {
			errors.rejectValue("email", "signup.email.taken");
		}
	}

	/** Creates the account; false when the handle or e-mail was taken in the meantime. */
	@Transactional
	boolean signUp(SignupForm form) {
		try {
			this.repository.saveAndFlush(new Account(normal(form.handle()), normal(form.email()),
					this.encoder.encode(form.password()), Instant.now(this.clock)));
		}
		catch (DataIntegrityViolationException ex) {
			return false;
		}
		this.registry.counter("foobar.signups").increment();
		return true;
	}

	private static String normal(String value) {
		return value == null || value.isBlank() ? "\u0000" : value.trim().toLowerCase(Locale.ROOT);
	}

}
