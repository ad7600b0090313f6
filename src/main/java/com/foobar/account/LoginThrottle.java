package com.foobar.account;

import java.text.Collator;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;

/**
 * Failed sign-ins are limited per account name from one client address, per account name from anywhere (a higher
 * ceiling, against guessing spread over many addresses), and per client address, whether the account exists or
 * not, so the limiter tells nobody which accounts exist. A stranger's failures from an address of their own thus
 * lock that address out of the account, not its owner, until they reach the ceiling. Only failures take tokens; a
 * blocked attempt is not even checked. State is per app instance: nginx's rate limit on POST /login bounds the
 * total across instances.
 * <p>
 * An account's key is a digest of the name's primary collation key: the database finds an account by its handle
 * under utf8mb4_unicode_ci, which ignores case, accents and width, so every spelling it would match must share one
 * bucket (Java's root collator at primary strength equates at least those). A digest is 44 characters whatever was
 * sent, so the caches are bounded in bytes as well as entries; a name longer than any handle could be is refused
 * outright, before any work.
 */
class LoginThrottle {

	private final Cache<String, Bucket> accountsFromClients = cache();

	private final Cache<String, Bucket> accounts = cache();

	private final Cache<String, Bucket> clients = cache();

	private final Bandwidth perAccountFromClient;

	private final Bandwidth perAccount;

	private final Bandwidth perClient;

	LoginThrottle() {
		this(5, 50, 20, Duration.ofMinutes(15));
	}

	LoginThrottle(int accountFailuresFromClient, int accountFailures, int clientFailures, Duration period) {
		this.perAccountFromClient = limit(accountFailuresFromClient, period);
		this.perAccount = limit(accountFailures, period);
		this.perClient = limit(clientFailures, period);
	}

	/** No handle is longer (SignupForm allows 30); longer names are junk, refused without a lookup. */
	static final int LONGEST_NAME = 256;

	boolean blocked(String account, String client) {
		if (account != null && account.length() > LONGEST_NAME) {
			return true;
		}
		String key = key(account);
		return bucket(this.accountsFromClients, key + ' ' + client, this.perAccountFromClient).getAvailableTokens() <= 0
				|| bucket(this.accounts, key, this.perAccount).getAvailableTokens() <= 0
				|| bucket(this.clients, client, this.perClient).getAvailableTokens() <= 0;
	}

	void failed(String account, String client) {
		String key = key(account);
		bucket(this.accountsFromClients, key + ' ' + client, this.perAccountFromClient).tryConsume(1);
		bucket(this.accounts, key, this.perAccount).tryConsume(1);
		bucket(this.clients, client, this.perClient).tryConsume(1);
	}

	static String key(String account) {
		String name = (account == null) ? "" : account.strip();
		if (name.length() > LONGEST_NAME) {
			name = name.substring(0, LONGEST_NAME);
		}
		Collator collator = Collator.getInstance(Locale.ROOT);
		collator.setStrength(Collator.PRIMARY);
		collator.setDecomposition(Collator.FULL_DECOMPOSITION);
		return Base64.getEncoder().encodeToString(Sha256.of(collator.getCollationKey(name).toByteArray()));
	}

	private static Bucket bucket(Cache<String, Bucket> cache, String key, Bandwidth limit) {
		return cache.get(key, k -> Bucket.builder().addLimit(limit).build());
	}

	private static Bandwidth limit(int failures, Duration period) {
		return Bandwidth.builder().capacity(failures).refillGreedy(failures, period).build();
	}

	private static Cache<String, Bucket> cache() {
		return Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofHours(1)).build();
	}

}
