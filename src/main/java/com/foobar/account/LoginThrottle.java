package com.foobar.account;

import java.time.Duration;
import java.util.Locale;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;

/**
 * Failed sign-ins are limited per account name and per client address, whether the account exists or not, so
 * the limiter tells nobody which accounts exist. Only failures take tokens; a blocked attempt is not even checked.
 * State is per app instance: nginx's rate limit on POST /login bounds the total across instances.
 */
class LoginThrottle {

	private final Cache<String, Bucket> accounts = cache();

	private final Cache<String, Bucket> clients = cache();

	private final Bandwidth perAccount;

	private final Bandwidth perClient;

	LoginThrottle() {
		this(5, 20, Duration.ofMinutes(15));
	}

	LoginThrottle(int accountFailures, int clientFailures, Duration period) {
		this.perAccount = Bandwidth.builder().capacity(accountFailures).refillGreedy(accountFailures, period).build();
		this.perClient = Bandwidth.builder().capacity(clientFailures).refillGreedy(clientFailures, period).build();
	}

	boolean blocked(String account, String client) {
		return bucket(this.accounts, key(account), this.perAccount).getAvailableTokens() <= 0
				|| bucket(this.clients, client, this.perClient).getAvailableTokens() <= 0;
	}

	void failed(String account, String client) {
		bucket(this.accounts, key(account), this.perAccount).tryConsume(1);
		bucket(this.clients, client, this.perClient).tryConsume(1);
	}

	private static String key(String account) {
		return (account == null) ? "" : account.trim().toLowerCase(Locale.ROOT);
	}

	private static Bucket bucket(Cache<String, Bucket> cache, String key, Bandwidth limit) {
		return cache.get(key, k -> Bucket.builder().addLimit(limit).build());
	}

	private static Cache<String, Bucket> cache() {
		return Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofHours(1)).build();
	}

}
