package com.foobar.account;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.csrf.CsrfException;

/**
 * Security events as structured log events (logger {@code foobar.security}, ECS fields event.category,
 * event.action, event.outcome, client.address, user.name): sign-in, its failures and refusals, sign-out, sign-up,
 * password changes, sessions their owner ended, and requests refused for want of rights or of a CSRF token. No
 * secret is ever logged, nor the name a failed sign-in gave, which may be a password typed in the wrong field: a
 * failure carries the first 16 characters of the throttle's digest of that name instead, so that attempts on one
 * account can be told apart from a spray over many.
 */
public final class SecurityEvents {

	private static final Logger log = LoggerFactory.getLogger("foobar.security");

	private SecurityEvents() {
	}

	static void signedIn(HttpServletRequest request, String handle) {
		event("sign-in", "success", request).addKeyValue("user.name", handle).log("signed in");
	}

	static void signInFailed(HttpServletRequest request) {
		event("sign-in", "failure", request).addKeyValue("foobar.account_digest", digest(request)).log("sign-in failed");
	}

	static void signInThrottled(HttpServletRequest request) {
		event("sign-in", "throttled", request).addKeyValue("foobar.account_digest", digest(request))
			.log("sign-in refused: too many failures");
	}

	static void signedOut(HttpServletRequest request, String handle) {
		event("sign-out", "success", request).addKeyValue("user.name", handle).log("signed out");
	}

	static void signedUp(HttpServletRequest request, String handle) {
		event("sign-up", "success", request).addKeyValue("user.name", handle).log("signed up");
	}

	/** A sign-up for an e-mail address that has an account: the visitor was answered as if it had worked. */
	static void signUpRefused(HttpServletRequest request) {
		event("sign-up", "failure", request).addKeyValue("event.reason", "e-mail address in use").log("sign-up refused");
	}

	/** The second step of a sign-in failed ({@code reason}: a wrong code, or the throttle). */
	static void secondFactorFailed(HttpServletRequest request, String handle, String reason) {
		event("sign-in-code", "failure", request).addKeyValue("user.name", handle)
			.addKeyValue("event.reason", reason)
			.log("sign-in code refused");
	}

	static void secondFactorChanged(HttpServletRequest request, String handle, boolean enabled) {
		event("second-factor", "success", request).addKeyValue("user.name", handle)
			.addKeyValue("foobar.enabled", enabled)
			.log(enabled ? "second factor turned on" : "second factor turned off");
	}

	static void passwordChanged(HttpServletRequest request, String handle, int sessionsEnded) {
		event("password-change", "success", request).addKeyValue("user.name", handle)
			.addKeyValue("foobar.sessions_ended", sessionsEnded)
			.log("password changed");
	}

	static void passwordChangeRefused(HttpServletRequest request, String handle) {
		event("password-change", "failure", request).addKeyValue("user.name", handle).log("password change refused");
	}

	static void passwordReset(HttpServletRequest request, String handle, int sessionsEnded) {
		event("password-reset", "success", request).addKeyValue("user.name", handle)
			.addKeyValue("foobar.sessions_ended", sessionsEnded)
			.log("password reset with the operator's code");
	}

	/** The name given is not logged: a wrong handle and a wrong code are one answer, and one event. */
	static void passwordResetRefused(HttpServletRequest request) {
		event("password-reset", "failure", request).log("password reset refused");
	}

	static void sessionsEnded(HttpServletRequest request, String handle, int count) {
		event("session-revoke", "success", request).addKeyValue("user.name", handle)
			.addKeyValue("foobar.sessions_ended", count)
			.log("sessions ended by their owner");
	}

	/** A signed-in user's request refused by a limit per account (the action: what was refused, such as "post"). */
	public static void limitReached(HttpServletRequest request, String handle, String action) {
		event("rate-limit", action, "throttled", request).addKeyValue("user.name", handle)
			.log("request refused: limit per account");
	}

	/**
	 * A request refused with 403: another author's post, or a form without a valid CSRF token (a forged request,
	 * or a form older than its token). The path only, never the query or the body.
	 */
	static void accessDenied(HttpServletRequest request, AccessDeniedException denied) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		event("authorization", "access", "failure", request)
			.addKeyValue("event.reason", denied instanceof CsrfException ? "no valid CSRF token" : "not permitted")
			// From the security context: a CSRF refusal comes before the request knows its user.
			.addKeyValue("user.name", (authentication != null) ? authentication.getName() : null)
			.addKeyValue("http.request.method", request.getMethod())
			.addKeyValue("url.path", request.getRequestURI())
			.log("access denied");
	}

	private static LoggingEventBuilder event(String action, String outcome, HttpServletRequest request) {
		return event("authentication", action, outcome, request);
	}

	private static LoggingEventBuilder event(String category, String action, String outcome,
			HttpServletRequest request) {
		LoggingEventBuilder event = "success".equals(outcome) ? log.atInfo() : log.atWarn();
		return event.addKeyValue("event.category", category)
			.addKeyValue("event.action", action)
			.addKeyValue("event.outcome", outcome)
			.addKeyValue("client.address", request.getRemoteAddr());
	}

	private static String digest(HttpServletRequest request) {
		return LoginThrottle.key(request.getParameter("username")).substring(0, 16);
	}

}
