package com.foobar.routing;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Two writes Spring Session makes on the primary for nothing, left out:
 * <ul>
 * <li>It saves a session when the response is committed (a rendered page is, before the filter chain returns),
 * which clears its per-request cache; its final commit then reads the session back, finds it unchanged and saves
 * nothing: one transaction per signed-in page (seen in BoundedReadsIT's statement log). This repository hands
 * back the session it just saved instead, within the same request only: {@link #requestScope()} forgets it when
 * the request ends, so no later request ever sees it.</li>
 * <li>It writes the last-access time on every request: an UPDATE and a COMMIT on the primary, binlogged and
 * acknowledged by the replica, per signed-in page view. A session whose attributes, id and timeout did not change
 * is saved only when its stored access time is {@link #TOUCH_INTERVAL} old, so an idle session expires between
 * 29 and 30 minutes after its last request instead of exactly 30.</li>
 * </ul>
 * And one wait: when the store (the writer) failed a request, the error page that follows on the same thread does
 * not ask it again, which would cost the same timeout and fail the error page too (a raw 500 instead of the 503
 * page, WriterGrayFailureIT); it renders for an anonymous visitor.
 */
@SuppressWarnings({ "rawtypes", "unchecked" })
final class SavedSessionReuse implements FindByIndexNameSessionRepository<Session> {

	static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

	private static final ThreadLocal<Session> SAVED = new ThreadLocal<>();

	/** Set when the store failed during this thread's request; cleared when its next request begins. */
	private static final ThreadLocal<Boolean> STORE_FAILED = new ThreadLocal<>();

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
		if (!(session instanceof Tracked tracked)) {
			storeCall(() -> this.delegate.save(session));
		}
		else if (tracked.needsSaving()) {
			storeCall(() -> this.delegate.save(tracked.session));
			tracked.saved();
		}
		SAVED.set(session);
	}

	@Override
	public Session findById(String id) {
		Session saved = SAVED.get();
		SAVED.remove();
		if (saved != null && saved.getId().equals(id)) {
			return saved;
		}
		if (Boolean.TRUE.equals(STORE_FAILED.get())) {
			return null;
		}
		Session[] stored = new Session[1];
		storeCall(() -> stored[0] = (Session) this.delegate.findById(id));
		return (stored[0] != null) ? new Tracked(stored[0]) : null;
	}

	private static void storeCall(Runnable call) {
		try {
			call.run();
		}
		catch (RuntimeException ex) {
			STORE_FAILED.set(true);
			throw ex;
		}
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

	/**
	 * Around Spring Session's filter, on requests (not on their error dispatches): whatever was saved during a
	 * request is forgotten when it ends.
	 */
	static OncePerRequestFilter requestScope() {
		return new OncePerRequestFilter() {
			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
					FilterChain chain) throws ServletException, IOException {
				SAVED.remove();
				STORE_FAILED.remove();
				try {
					chain.doFilter(request, response);
				}
				finally {
					SAVED.remove(); // STORE_FAILED stays, for the error page that may follow on this thread
				}
			}
		};
	}

	/** A stored session that knows whether anything but its access time changed since it was read. */
	static final class Tracked implements Session {

		private final Session session;

		private Instant storedAccess;

		private boolean changed;

		Tracked(Session session) {
			this.session = session;
			this.storedAccess = session.getLastAccessedTime();
		}

		boolean needsSaving() {
			return this.changed
					|| !this.session.getLastAccessedTime().isBefore(this.storedAccess.plus(TOUCH_INTERVAL));
		}

		void saved() {
			this.changed = false;
			this.storedAccess = this.session.getLastAccessedTime();
		}

		@Override
		public String getId() {
			return this.session.getId();
		}

		@Override
		public String changeSessionId() {
			this.changed = true;
			return this.session.changeSessionId();
		}

		@Override
		public <T> T getAttribute(String name) {
			return this.session.getAttribute(name);
		}

		@Override
		public Set<String> getAttributeNames() {
			return this.session.getAttributeNames();
		}

		@Override
		public void setAttribute(String name, Object value) {
			this.changed = true;
			this.session.setAttribute(name, value);
		}

		@Override
		public void removeAttribute(String name) {
			this.changed = true;
			this.session.removeAttribute(name);
		}

		@Override
		public Instant getCreationTime() {
			return this.session.getCreationTime();
		}

		@Override
		public void setLastAccessedTime(Instant lastAccessedTime) {
			this.session.setLastAccessedTime(lastAccessedTime);
		}

		@Override
		public Instant getLastAccessedTime() {
			return this.session.getLastAccessedTime();
		}

		@Override
		public void setMaxInactiveInterval(Duration interval) {
			this.changed = true;
			this.session.setMaxInactiveInterval(interval);
		}

		@Override
		public Duration getMaxInactiveInterval() {
			return this.session.getMaxInactiveInterval();
		}

		@Override
		public boolean isExpired() {
			return this.session.isExpired();
		}

	}

	/** Spring Session's filter order, for the scope filter to run just outside it. */
	static final int SCOPE_ORDER = SessionRepositoryFilter.DEFAULT_ORDER - 1;

}
