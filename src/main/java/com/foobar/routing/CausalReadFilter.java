package com.foobar.routing;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.core.annotation.Order;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Binds {@link RequestRouting} to each request. The GTID of a session's last write lives in the session,
 * which Spring Session keeps on the primary, so every app replica honours it. Sessions that never wrote
 * (anonymous browsing) carry no GTID and never wait.
 */
@Component
@Order(CausalReadFilter.ORDER)
class CausalReadFilter extends OncePerRequestFilter implements RoutingInfo {

	static final String SESSION_ATTRIBUTE = "foobar.routing.gtid";

	/**
	 * After Spring Session's filter (which provides the shared session) and before Spring Security's (whose
	 * sign-in reads the account and must wait for a sign-up made moments before on another instance).
	 */
	static final int ORDER = SessionRepositoryFilter.DEFAULT_ORDER + 1;

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		HttpSession session = request.getSession(false);
		String stored = (session != null) ? (String) session.getAttribute(SESSION_ATTRIBUTE) : null;
		// Stored at once, before the redirect that follows a write is sent (Spring Session saves on commit).
		RequestRouting.open((stored != null) ? CausalMark.parse(stored) : null,
				committed -> request.getSession().setAttribute(SESSION_ATTRIBUTE, committed));
		try {
			chain.doFilter(request, response);
		}
		finally {
			RequestRouting.close();
		}
	}

	@Override
	public Optional<ReadSource> lastReadSource() {
		RequestRouting routing = RequestRouting.current();
		return Optional.ofNullable((routing != null) ? routing.lastReadSource() : null);
	}

}
