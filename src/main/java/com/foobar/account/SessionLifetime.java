package com.foobar.account;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * An absolute session lifetime (ASVS 7.3.2): however active, a session ends this long after it began, and the
 * request goes on as an anonymous visitor's (a page that needs an account asks to sign in again). The idle timeout
 * (spring.session.timeout) ends a session that is not used; this one ends a session that is stolen and kept busy.
 * Counted from the session's creation, which a sign-in keeps (it changes the id only): never later than sign-in.
 */
final class SessionLifetime extends OncePerRequestFilter {

	private final Duration lifetime;

	private final Clock clock;

	SessionLifetime(Duration lifetime, Clock clock) {
		this.lifetime = lifetime;
		this.clock = clock;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		HttpSession session = request.getSession(false);
		if (session != null
				&& Instant.ofEpochMilli(session.getCreationTime()).plus(this.lifetime).isBefore(this.clock.instant())) {
			session.invalidate();
		}
		chain.doFilter(request, response);
	}

}
