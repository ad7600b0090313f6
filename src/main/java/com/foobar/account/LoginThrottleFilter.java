package com.foobar.account;

import java.io.IOException;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/** Turns a throttled sign-in away before its password is hashed. Placed in the security chain only. */
class LoginThrottleFilter extends OncePerRequestFilter {

	private final LoginThrottle throttle;

	private final MeterRegistry registry;

	LoginThrottleFilter(LoginThrottle throttle, MeterRegistry registry) {
		this.throttle = throttle;
		this.registry = registry;
	}

	private static final RequestMatcher SIGN_IN = PathPatternRequestMatcher.withDefaults()
		.matcher(HttpMethod.POST, "/login");

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !SIGN_IN.matches(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.throttle.blocked(request.getParameter("username"), request.getRemoteAddr())) {
			this.registry.counter("foobar.signins", "result", "throttled").increment();
			SecurityEvents.signInThrottled(request);
			response.sendRedirect(request.getContextPath() + "/login?throttled");
			return;
		}
		chain.doFilter(request, response);
	}

}
