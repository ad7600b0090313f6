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
		PasswordRules.checkNew(form.password(), form.confirmPassword(), normal(form.handle()), normal(form.email()), errors);
		if (!errors.hasFieldErrors("handle") && this.repository.existsByHandle(normal(form.handle()))) {
			errors.rejectValue("handle", "signup.handle.taken");
		}
	}

	/** What a sign-up did. The visitor is told the same for CREATED and EMAIL_IN_USE. */
	enum Result {
		CREATED, EMAIL_IN_USE, TAKEN
	}

	/**
	 * Creates the account, unless its e-mail address already has one: then nothing is created, after the same work
	 * (a password hash takes most of a sign-up's time), so neither the page nor its timing tells a stranger which
	 * addresses are registered. Handles are public (every post shows its author's), so a taken handle is said.
	 */
	@Transactional
	Result signUp(SignupForm form) {
		String hash = this.encoder.encode(form.password());
		if (this.repository.existsByEmail(normal(form.email()))) {
			return Result.EMAIL_IN_USE;
		}
		try {
			this.repository.saveAndFlush(new Account(normal(form.handle()), normal(form.email()), hash,
					Instant.now(this.clock)));
		}
		catch (DataIntegrityViolationException ex) {
			return Result.TAKEN;
		}
		this.registry.counter("foobar.signups").increment();
		return Result.CREATED;
	}

	private static String normal(String value) {
		return value == null || value.isBlank() ? "\u0000" : value.trim().toLowerCase(Locale.ROOT);
	}

}
