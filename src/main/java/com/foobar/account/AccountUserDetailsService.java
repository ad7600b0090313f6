package com.foobar.account;

import java.util.Locale;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
class AccountUserDetailsService implements UserDetailsService, UserDetailsPasswordService {

	private final AccountRepository repository;

	AccountUserDetailsService(AccountRepository repository) {
		this.repository = repository;
	}

	/** Read-only: served by the replica, which waits for the session's sign-up when it has just happened. */
	@Override
	@Transactional(readOnly = true)
	public UserDetails loadUserByUsername(String handle) {
		return this.repository.findByHandle(handle.trim().toLowerCase(Locale.ROOT))
			.map(account -> User.withUsername(account.getHandle())
				.password(account.getPasswordHash())
				.roles("USER")
				.build())
			.orElseThrow(() -> new UsernameNotFoundException("No such account"));
	}

	/** Called by Spring Security after a sign-in whose hash is of an older encoder: the current one replaces it. */
	@Override
	@Transactional
	public UserDetails updatePassword(UserDetails user, String newPasswordHash) {
		this.repository.findByHandle(user.getUsername()).ifPresent(account -> account.rehash(newPasswordHash));
		return User.withUserDetails(user).password(newPasswordHash).build();
	}

}
