package com.foobar.post;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.foobar.account.Account;
import com.foobar.account.Accounts;
import com.foobar.post.PostQueries.StoredPost;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.data.domain.PageRequest;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Posts. Pages read through {@link PostQueries} (the replica when it is usable, one round trip per page);
 * writes are JPA transactions on the primary.
 */
@Service
@EnableConfigurationProperties(PostLimit.class)
class PostService {

	static final int PAGE_SIZE = 10;

	static final int LEGACY_PAGES = 100;

	private final PostRepository posts;

	private final PostQueries queries;

	private final Accounts accounts;

	private final MarkdownRenderer renderer;

	private final Clock clock;

	private final Counter created;

	private final PostLimit limit;

	/**
	 * Bodies as HTML, by post and version (each edit counts one, so an edit is a new key; a deleted post is never
	 * found to ask for): a post is read far more often than written, and parsing Markdown then cleaning its HTML
	 * was the largest part of a post page's CPU. At most about 8 million characters per replica. Not by updated_at:
	 * Connector/J sends MariaDB 10.11 times in whole seconds (its general log shows it; likely as it reads the
	 * version "5.5.5-10.11…" as MySQL 5.5, before fractional seconds), so an edit in the post's second kept its key.
	 */
	private final Cache<Rendered, String> rendered = Caffeine.newBuilder()
		.maximumWeight(8_000_000)
		.weigher((Rendered key, String html) -> html.length())
		.build();

	private record Rendered(long id, int version) {
	}

	PostService(PostRepository posts, PostQueries queries, Accounts accounts, MarkdownRenderer renderer, Clock clock,
			MeterRegistry registry, PostLimit limit) {
		this.posts = posts;
		this.queries = queries;
		this.accounts = accounts;
		this.renderer = renderer;
		this.clock = clock;
		this.limit = limit;
		this.created = Counter.builder("foobar.posts.published").description("Posts published").register(registry);
	}

	PostList latest(Window window) {
		return this.queries.latest(window, PAGE_SIZE);
	}

	PostList byAuthor(String handle, Window window) {
		return this.queries.byAuthor(handle, window, PAGE_SIZE).orElseThrow(PostNotFoundException::new);
	}

	/**
	 * Where a link of the old numbered pager ({@code ?page=N}) points now: the key of the page that starts at
	 * post N * PAGE_SIZE. Offsets cost what they skip, so only the first LEGACY_PAGES pages are followed.
	 */
	Optional<Window> legacyPage(String handle, int page) {
		if (page == 0) {
			return Optional.of(Window.NEWEST);
		}
		if (page < 0 || page > LEGACY_PAGES) {
			return Optional.empty();
		}
		return this.queries.idAtOffset(handle, page * PAGE_SIZE - 1).map((id) -> new Window(id, null));
	}

	PostView show(long id) {
		StoredPost post = this.queries.find(id).orElseThrow(PostNotFoundException::new);
		String html = this.rendered.get(new Rendered(post.id(), post.version()),
				(key) -> this.renderer.render(post.body(), post.format()));
		return new PostView(post.id(), post.title(), html, post.author(), post.createdAt(), post.updatedAt());
	}

	PostForm editForm(long id, String user) {
		StoredPost post = this.queries.find(id).orElseThrow(PostNotFoundException::new);
		if (!post.author().equals(user)) {
			throw new AccessDeniedException("Not the author");
		}
		return new PostForm(post.title(), post.body(), post.format());
	}

	/**
	 * Publishes, unless the author's post {@code perAuthor} back is younger than the window. Two posts of one
	 * author at the same instant may both pass: a rate, not an invariant, so no lock on the account for it.
	 */
	@Transactional
	long create(String user, PostForm form) {
		Account author = this.accounts.reference(user);
		Instant now = Instant.now(this.clock);
		List<Instant> oldestCounted = this.posts.publishedNewestFirst(author.getId(),
				PageRequest.of(this.limit.perAuthor() - 1, 1));
		if (!oldestCounted.isEmpty() && oldestCounted.getFirst().isAfter(now.minus(this.limit.window()))) {
			throw new PostLimitReached(this.limit, Duration.between(now, oldestCounted.getFirst().plus(this.limit.window())));
		}
		Post post = this.posts.save(new Post(author, form, now));
		this.created.increment();
		return post.getId();
	}

	@Transactional
	void update(long id, String user, PostForm form) {
		owned(id, user).update(form, Instant.now(this.clock));
	}

	@Transactional
	void delete(long id, String user) {
		this.posts.delete(owned(id, user));
	}

	private Post owned(long id, String user) {
		Post post = this.posts.findWithAuthor(id).orElseThrow(PostNotFoundException::new);
		if (!post.getAuthor().getHandle().equals(user)) {
			throw new AccessDeniedException("Not the author");
		}
		return post;
	}

}
