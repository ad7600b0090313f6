package com.foobar.routing;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Spring Session saves a session when the response is committed (a rendered page is, before the filter chain
 * returns), which clears its per-request cache; its final commit then reads the session back from the primary,
 * finds it unchanged and saves nothing: one transaction on the primary per signed-in page for nothing (seen in
 * BoundedReadsIT's statement log). This repository hands back the session it just saved instead, within the same
 * request only: {@link #requestScope()} forgets it when the request ends, so no later request ever sees it.
 */
@SuppressWarnings({ "rawtypes", "unchecked" })
final class SavedSessionReuse implements FindByIndexNameSessionRepository<Session> {

	private static final ThreadLocal<Session> SAVED = new ThreadLocal<>();

	private final FindByIndexNameSessionRepository delegate;

	SavedSessionReuse(FindByIndexNameSessionRepository<?> delegate) {
		this.delegate = delegate;
	}

	@Override
	public Session createSession() {
		return this.delegate.createSession();
	}

	@Override
	public void save(Session session) {
		this.delegate.save(session);
		SAVED.set(session);
	}

	@Override
	public Session findById(String id) {
		Session saved = SAVED.get();
		SAVED.remove();
		return (saved != null && saved.getId().equals(id)) ? saved : (Session) this.delegate.findById(id);
	}

	@Override
	public void deleteById(String id) {
		SAVED.remove();
		this.delegate.deleteById(id);
	}

	@Override
	public Map<String, Session> findByIndexNameAndIndexValue(String indexName, String indexValue) {
		return this.delegate.findByIndexNameAndIndexValue(indexName, indexValue);
	}

	/** Around Spring Session's filter: whatever was saved during a request is forgotten when it ends. */
	static OncePerRequestFilter requestScope() {
		return new OncePerRequestFilter() {
			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
					FilterChain chain) throws ServletException, IOException {
				SAVED.remove();
				try {
					chain.doFilter(request, response);
				}
				finally {
					SAVED.remove();
				}
			}
		};
	}

	/** Spring Session's filter order, for the scope filter to run just outside it. */
	static final int SCOPE_ORDER = SessionRepositoryFilter.DEFAULT_ORDER - 1;

}
