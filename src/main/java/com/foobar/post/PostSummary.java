package com.foobar.post;

import java.time.Instant;

/** A line of a post list; lists never read bodies. */
record PostSummary(long id, String title, String author, Instant createdAt) {

	public String published() {
		return Published.format(this.createdAt);
	}

}
