package com.foobar.account;

import java.util.Locale;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What other modules may ask about accounts. */
@Service
public class Accounts {

	private final AccountRepository repository;

	Accounts(AccountRepository repository) {
		this.repository = repository;
	}

	@Transactional(readOnly = true)
	public Optional<Account> findByHandle(String handle) {
		return this.repository.findByHandle(handle.toLowerCase(Locale.ROOT));
	}

	/** The account of a signed-in user, who must exist. */
	public Account reference(String handle) {
		return findByHandle(handle).orElseThrow(() -> new IllegalStateException("No account " + handle));
	}

}
