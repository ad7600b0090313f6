package com.foobar.post;

import java.time.Duration;

/** The author has published as many posts as the limit allows within its window; the next may come after {@code retryAfter}. */
class PostLimitReached extends RuntimeException {

	private final transient PostLimit limit;

	private final transient Duration retryAfter;

	PostLimitReached(PostLimit limit, Duration retryAfter) {
		super("post limit per author reached", null, false, false);
		this.limit = limit;
		this.retryAfter = retryAfter;
	}

	PostLimit limit() {
		return this.limit;
	}

	Duration retryAfter() {
		return this.retryAfter;
	}

}
