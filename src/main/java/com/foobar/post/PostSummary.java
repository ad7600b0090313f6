package com.foobar.post;

import java.time.Instant;

/**
 * A line of a post list; lists never read bodies. Its links are made here, not by the template's link syntax,
 * which costs a URL rewrite through every response wrapper per link (ids are numbers, handles letters, digits
 * and underscores: nothing to encode).
 */
record PostSummary(long id, String title, String author, Instant createdAt) {

	public String url() {
		return "/posts/" + this.id;
	}

	public String authorUrl() {
		return "/authors/" + this.author;
	}

	public String published() {
		return Published.format(this.createdAt);
	}

}
