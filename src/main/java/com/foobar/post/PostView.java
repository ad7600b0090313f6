package com.foobar.post;

import java.time.Instant;

/** A post as pages show it: the body already rendered to safe HTML. */
record PostView(long id, String title, String html, String author, Instant createdAt, Instant updatedAt) {

	public boolean edited() {
		return this.updatedAt.isAfter(this.createdAt);
	}

	public String published() {
		return Published.format(this.createdAt);
	}

}
