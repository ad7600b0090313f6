package com.foobar.account;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.logout.HeaderWriterLogoutHandler;
import org.springframework.security.web.header.writers.ClearSiteDataHeaderWriter;
import org.springframework.security.web.header.writers.ClearSiteDataHeaderWriter.Directive;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.savedrequest.CookieRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.session.SessionIdGenerator;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * The site's rules: anyone may read; writing needs an account. Form login with CSRF, throttled failures,
 * session fixation protection, and headers strict enough for a CSP without 'unsafe-inline'.
 * Public only so that web slice tests of other modules can import it.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

	static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
			+ "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, LoginThrottle throttle, MeterRegistry registry,
			ObjectProvider<LoginCodeController> codeStep)
			throws Exception {
		SavedRequestAwareAuthenticationSuccessHandler success = new SavedRequestAwareAuthenticationSuccessHandler();
		success.setRequestCache(REQUEST_CACHE);
		http.authorizeHttpRequests(requests -> requests
			.requestMatchers("/posts/new", "/posts/*/edit", "/posts/*/delete", "/account", "/account/**").authenticated()
			.requestMatchers(HttpMethod.GET, "/**").permitAll()
			.requestMatchers(HttpMethod.POST, "/signup", "/login", "/login/code", "/reset").permitAll()
			.requestMatchers("/error").permitAll()
			.anyRequest().authenticated())
			.formLogin(form -> form.loginPage("/login")
				.permitAll()
				.successHandler((request, response, authentication) -> {
					// An account with a second factor is not signed in yet: its code is asked for first.
					LoginCodeController codes = codeStep.getIfAvailable();
					if (codes != null && codes.askForCode(request, response, authentication)) {
						return;
					}
					registry.counter("foobar.signins", "result", "success").increment();
					SecurityEvents.signedIn(request, authentication.getName());
					success.onAuthenticationSuccess(request, response, authentication);
				})
				.failureHandler((request, response, exception) -> {
					registry.counter("foobar.signins", "result", "failure").increment();
					SecurityEvents.signInFailed(request);
					throttle.failed(request.getParameter("username"), request.getRemoteAddr());
					response.sendRedirect(request.getContextPath() + "/login?error");
				}))
			.logout(logout -> logout.logoutSuccessUrl("/?signedOut")
				.addLogoutHandler((request, response, authentication) -> {
					if (authentication != null) {
						SecurityEvents.signedOut(request, authentication.getName());
					}
				})
				// The browser drops what it kept of the signed-in visit: its cache of the account's pages, the
				// cookies, any storage (ASVS 14.3.1).
				.addLogoutHandler(new HeaderWriterLogoutHandler(
						new ClearSiteDataHeaderWriter(Directive.CACHE, Directive.COOKIES, Directive.STORAGE))))
			.sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()))
			// Every 403 (CSRF refusals too) is a security event before the usual error page.
			.exceptionHandling(exceptions -> exceptions.accessDeniedHandler((request, response, denied) -> {
				SecurityEvents.accessDenied(request, denied);
				DENIED.handle(request, response, denied);
			}))
			// Nothing of an anonymous visitor's is kept in a session (a row written on the writer for every visitor
			// who opens a form): the CSRF token and the page to return to after sign-in live in cookies of theirs.
			.csrf(csrf -> csrf.csrfTokenRepository(new CsrfTokens()))
			.requestCache(cache -> cache.requestCache(REQUEST_CACHE))
			.addFilterBefore(new LoginThrottleFilter(throttle, registry), UsernamePasswordAuthenticationFilter.class)
			.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CSP))
				.referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
				.addHeaderWriter(new StaticHeadersWriter("Permissions-Policy",
						"camera=(), microphone=(), geolocation=(), payment=()")));
		return http.build();
	}

	private static final AccessDeniedHandler DENIED = new AccessDeniedHandlerImpl();

	/** Where a sign-in returns to (the page that asked for it): a cookie, not the session. */
	static final RequestCache REQUEST_CACHE = new CookieRequestCache();

	/**
	 * Spring Security observes each of its filters and every authorization decision: timers nobody reads, at a few
	 * per cent of a page's CPU. http.server.requests (per-instance QPS and latency) stays.
	 */
	@Bean
	SecurityObservationSettings noSecurityObservations() {
		return SecurityObservationSettings.noObservations();
	}

	/** Right after Spring Session has loaded the session, before Spring Security reads who it belongs to. */
	@Bean
	FilterRegistrationBean<SessionLifetime> sessionLifetime(
			@Value("${foobar.session.absolute-timeout:12h}") Duration lifetime, Clock clock) {
		FilterRegistrationBean<SessionLifetime> registration = new FilterRegistrationBean<>(
				new SessionLifetime(lifetime, clock));
		registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER + 1);
		return registration;
	}

	/** Picked up by Spring Session's JDBC configuration for every session id it makes. */
	@Bean
	SessionIdGenerator sessionIds() {
		return new RandomTokens();
	}

	@Bean
	LoginThrottle loginThrottle() {
		return new LoginThrottle();
	}

	/** The encoder new hashes are made with. */
	static final String PASSWORD_ENCODING = "pbkdf2@SpringSecurity_v5_8";

	/**
	 * PBKDF2-HMAC-SHA256 (310,000 iterations) for new hashes: it takes a password of any length, where bcrypt refuses
	 * one past 72 bytes (a valid 73–128-character password gave a 500 at sign-up). Earlier accounts' bcrypt hashes
	 * still match, and are replaced at their next sign-in (AccountUserDetailsService.updatePassword).
	 */
	@Bean
	PasswordEncoder passwordEncoder() {
		return new DelegatingPasswordEncoder(PASSWORD_ENCODING,
				Map.of(PASSWORD_ENCODING, Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8(), "bcrypt",
						new BCryptPasswordEncoder()));
	}

}
