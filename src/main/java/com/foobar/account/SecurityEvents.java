package com.foobar.account;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Security events as structured log events (logger {@code foobar.security}, ECS fields event.action,
 * event.outcome, client.address, user.name): sign-in, its failures and refusals, sign-out, sign-up, password
 * changes and sessions their owner ended. No secret is ever logged, nor the name a failed sign-in gave, which may be a password typed in the wrong field: a failure
 * carries the first 16 characters of the throttle's digest of that name instead, so that attempts on one account
 * can be told apart from a spray over many.
 */
final class SecurityEvents {

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

	static void sessionsEnded(HttpServletRequest request, String handle, int count) {
		event("session-revoke", "success", request).addKeyValue("user.name", handle)
			.addKeyValue("foobar.sessions_ended", count)
			.log("sessions ended by their owner");
	}

	private static LoggingEventBuilder event(String action, String outcome, HttpServletRequest request) {
		LoggingEventBuilder event = "success".equals(outcome) ? log.atInfo() : log.atWarn();
		return event.addKeyValue("event.category", "authentication")
			.addKeyValue("event.action", action)
			.addKeyValue("event.outcome", outcome)
			.addKeyValue("client.address", request.getRemoteAddr());
	}

	private static String digest(HttpServletRequest request) {
		return LoginThrottle.key(request.getParameter("username")).substring(0, 16);
	}

}
