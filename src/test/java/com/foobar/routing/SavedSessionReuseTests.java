package com.foobar.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.MapSession;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.Session;

import static org.assertj.core.api.Assertions.assertThat;

class SavedSessionReuseTests {

	private final Map<String, Session> store = new ConcurrentHashMap<>();

	private final Counting counting = new Counting(this.store);

	private final SavedSessionReuse sessions = new SavedSessionReuse(this.counting);

	private String id;

	private Instant stored;

	@BeforeEach
	void aStoredSession() {
		MapSession session = new MapSession();
		session.setAttribute("SPRING_SECURITY_CONTEXT", "alice");
		this.stored = session.getLastAccessedTime();
		this.store.put(session.getId(), session);
		this.id = session.getId();
	}

	@Test
	void aRequestThatOnlyTouchesARecentlyStoredSessionWritesNothing() {
		Session session = read();
		session.setLastAccessedTime(this.stored.plusSeconds(59));
		this.sessions.save(session);
		assertThat(this.counting.saves).isZero();
		assertThat(this.store.get(this.id).getLastAccessedTime()).isEqualTo(this.stored);
	}

	@Test
	void theAccessTimeIsWrittenOnceItIsAMinuteOld() {
		Session session = read();
		session.setLastAccessedTime(this.stored.plus(SavedSessionReuse.TOUCH_INTERVAL));
		this.sessions.save(session);
		assertThat(this.counting.saves).isOne();
		assertThat(this.store.get(this.id).getLastAccessedTime()).isEqualTo(this.stored.plusSeconds(60));
	}

	@Test
	void everyChangeOfAttributesIdOrTimeoutIsWritten() {
		Session set = read();
		set.setAttribute("notice", "posted");
		this.sessions.save(set);
		assertThat(this.store.get(this.id).<String>getAttribute("notice")).isEqualTo("posted");
		this.sessions.save(set); // the filter's final commit: the same session, unchanged since, writes nothing
		assertThat(this.counting.saves).isOne();

		Session removed = read();
		removed.removeAttribute("notice");
		this.sessions.save(removed);
		assertThat(this.store.get(this.id).<String>getAttribute("notice")).isNull();

		Session timeout = read();
		timeout.setMaxInactiveInterval(Duration.ofMinutes(5));
		this.sessions.save(timeout);
		assertThat(this.store.get(this.id).getMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(5));

		Session renamed = read();
		String newId = renamed.changeSessionId();
		this.sessions.save(renamed);
		assertThat(this.store).containsKey(newId).doesNotContainKey(this.id);
		assertThat(this.counting.saves).isEqualTo(4);
	}

	@Test
	void withinARequestTheSavedSessionIsHandedBackAndOutsideItReadAgain() {
		Session session = read();
		session.setAttribute("notice", "posted");
		this.sessions.save(session);
		assertThat(this.sessions.findById(this.id)).isSameAs(session);
		assertThat(this.sessions.findById(this.id)).isNotSameAs(session);
	}

	private Session read() {
		return this.sessions.findById(this.id);
	}

	/** Spring Session's in-memory repository (it copies sessions in and out, as a database does), counting saves. */
	private static final class Counting extends MapSessionRepository
			implements FindByIndexNameSessionRepository<MapSession> {

		int saves;

		Counting(Map<String, Session> store) {
			super(store);
		}

		@Override
		public void save(MapSession session) {
			this.saves++;
			super.save(session);
		}

		@Override
		public Map<String, MapSession> findByIndexNameAndIndexValue(String indexName, String indexValue) {
			return Map.of();
		}

	}

}
