package com.foobar.account;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The second step of a sign-in, for an account with a second factor: the password step leaves the visitor
 * signed out, with only the account's name and the time in the session; a code of the account's authenticator
 * within 5 minutes completes the sign-in (a new session id, as after any sign-in). Wrong codes count in the
 * sign-in throttle like wrong passwords.
 */
@Controller
class LoginCodeController {

	static final String PENDING = "foobar.signin.pending";

	static final String PENDING_SINCE = "foobar.signin.pending-since";

	static final Duration PENDING_LIFETIME = Duration.ofMinutes(5);

	private final SecondFactor factor;

	private final LoginThrottle throttle;

	private final UserDetailsService users;

	private final Clock clock;

	private final MeterRegistry registry;

	private final HttpSessionSecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

	private final SavedRequestAwareAuthenticationSuccessHandler success = new SavedRequestAwareAuthenticationSuccessHandler();

	LoginCodeController(SecondFactor factor, LoginThrottle throttle, UserDetailsService users, Clock clock,
			MeterRegistry registry) {
		this.factor = factor;
		this.throttle = throttle;
		this.users = users;
		this.clock = clock;
		this.registry = registry;
		this.success.setRequestCache(SecurityConfiguration.REQUEST_CACHE);
	}

	/**
	 * Called when the password was right: for an account with a second factor, undoes the sign-in the password
	 * made, remembers whose code to ask for, and sends to the code page. False when the account has none.
	 */
	boolean askForCode(HttpServletRequest request, HttpServletResponse response, Authentication password)
			throws IOException {
		if (!this.factor.enabled(password.getName())) {
			return false;
		}
		SecurityContextHolder.clearContext();
		this.contexts.saveContext(SecurityContextHolder.createEmptyContext(), request, response);
		HttpSession session = request.getSession();
		session.setAttribute(PENDING, password.getName());
		session.setAttribute(PENDING_SINCE, this.clock.instant());
		response.sendRedirect(request.getContextPath() + "/login/code");
		return true;
	}

	@GetMapping("/login/code")
	String form(HttpServletRequest request) {
		return (pending(request) != null) ? "account/code" : "redirect:/login";
	}

	@PostMapping("/login/code")
	String check(@RequestParam(defaultValue = "") String code, HttpServletRequest request,
			HttpServletResponse response, Model model) throws IOException, ServletException {
		String handle = pending(request);
		if (handle == null) {
			return "redirect:/login";
		}
		String client = request.getRemoteAddr();
		if (this.throttle.blocked(handle, client)) {
			SecurityEvents.secondFactorFailed(request, handle, "throttled");
			model.addAttribute("codeError", "login.throttled");
			return "account/code";
		}
		if (!this.factor.accepts(handle, code)) {
			this.registry.counter("foobar.signins", "result", "failure").increment();
			this.throttle.failed(handle, client);
			SecurityEvents.secondFactorFailed(request, handle, "wrong code");
			model.addAttribute("codeError", "login.code.wrong");
			return "account/code";
		}
		HttpSession session = request.getSession();
		session.removeAttribute(PENDING);
		session.removeAttribute(PENDING_SINCE);
		request.changeSessionId();
		UserDetails user = this.users.loadUserByUsername(handle);
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
		SecurityContextHolder.setContext(context);
		this.contexts.saveContext(context, request, response);
		this.registry.counter("foobar.signins", "result", "success").increment();
		SecurityEvents.signedIn(request, handle);
		this.success.onAuthenticationSuccess(request, response, context.getAuthentication());
		return null;
	}

	/** The account whose code is awaited, if the password step was less than 5 minutes ago. */
	private String pending(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session == null || !(session.getAttribute(PENDING) instanceof String handle)
				|| !(session.getAttribute(PENDING_SINCE) instanceof Instant since)
				|| since.plus(PENDING_LIFETIME).isBefore(this.clock.instant())) {
			return null;
		}
		return handle;
	}

}
