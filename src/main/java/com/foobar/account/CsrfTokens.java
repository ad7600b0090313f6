package com.foobar.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.DefaultCsrfToken;

/**
 * The CSRF token in a cookie of its own (the form carries it masked): __Host- (this host, HTTPS, path /),
 * HttpOnly, SameSite=Lax. Before, it was kept in the session, so every anonymous visitor who opened the sign-in,
 * sign-up or a write form had a session row made on the writer. Spring Security's cookie repository, with tokens
 * from RandomTokens instead of its random UUIDs.
 */
final class CsrfTokens implements CsrfTokenRepository {

	static final String COOKIE = "__Host-foobar_csrf";

	private final CookieCsrfTokenRepository cookies = new CookieCsrfTokenRepository();

	CsrfTokens() {
		this.cookies.setCookieName(COOKIE);
		this.cookies.setCookiePath("/");
		this.cookies.setCookieCustomizer(cookie -> cookie.secure(true).httpOnly(true).sameSite("Lax"));
	}

	@Override
	public CsrfToken generateToken(HttpServletRequest request) {
		CsrfToken names = this.cookies.generateToken(request);
		return new DefaultCsrfToken(names.getHeaderName(), names.getParameterName(), RandomTokens.next());
	}

	@Override
	public void saveToken(CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
		this.cookies.saveToken(token, request, response);
	}

	@Override
	public CsrfToken loadToken(HttpServletRequest request) {
		return this.cookies.loadToken(request);
	}

}
