package com.foobar.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;

/**
 * An account's signed-in sessions, as its owner sees and ends them. A session is named on the page by a digest of
 * its id, never by the id, which is the session's bearer secret.
 */
@Component
class AccountSessions {

	/** One session: its reference, when it began and was last used, and whether it is the viewer's own. */
	record Entry(String ref, Instant created, Instant lastUsed, boolean current) {
	}

	private final FindByIndexNameSessionRepository<? extends Session> sessions;

	AccountSessions(FindByIndexNameSessionRepository<? extends Session> sessions) {
		this.sessions = sessions;
	}

	/** The handle's sessions, the most recently used first. */
	List<Entry> of(String handle, String currentId) {
		return this.sessions.findByPrincipalName(handle)
			.values()
			.stream()
			.map(s -> new Entry(ref(s.getId()), s.getCreationTime(), s.getLastAccessedTime(), s.getId().equals(currentId)))
			.sorted(Comparator.comparing(Entry::lastUsed).reversed())
			.toList();
	}

	/** Ends the handle's session named {@code ref}; false when it has none of that name (or it ended already). */
	boolean revoke(String handle, String ref) {
		for (String id : this.sessions.findByPrincipalName(handle).keySet()) {
			if (MessageDigest.isEqual(ref(id).getBytes(StandardCharsets.US_ASCII),
					ref.getBytes(StandardCharsets.US_ASCII))) {
				this.sessions.deleteById(id);
				return true;
			}
		}
		return false;
	}

	/** Ends every session of the handle but {@code keepId} (every one when it is null); how many ended. */
	int revokeOthers(String handle, String keepId) {
		List<String> others = this.sessions.findByPrincipalName(handle)
			.keySet()
			.stream()
			.filter(id -> !id.equals(keepId))
			.toList();
		others.forEach(this.sessions::deleteById);
		return others.size();
	}

	static String ref(String sessionId) {
		return HexFormat.of().formatHex(Sha256.of(sessionId), 0, 8);
	}

}
