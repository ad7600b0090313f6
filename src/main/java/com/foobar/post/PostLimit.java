package com.foobar.post;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * At most {@code perAuthor} new posts per account in any {@code window} (ASVS 2.4.1): a person writing never
 * meets it, a script publishing spam from a stolen or throwaway account does, after a handful. Counted in the
 * database, so it holds across the replicas and their restarts. Edits are not counted: they add nothing.
 */
@ConfigurationProperties("foobar.posts")
record PostLimit(int perAuthor, Duration window) {

	PostLimit {
		if (perAuthor < 1 || window == null || window.isNegative() || window.isZero()) {
			throw new IllegalArgumentException(
					"foobar.posts.per-author must be at least 1 and foobar.posts.window positive; got %d per %s"
						.formatted(perAuthor, window));
		}
	}

}
