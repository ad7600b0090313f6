package com.foobar.post;

import java.time.Clock;
import java.time.Instant;

import com.foobar.account.Accounts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Posts. {@code readOnly = true} is not a hint here: it is what sends a query to the replica.
 */
@Service
class PostService {

	static final int PAGE_SIZE = 10;

	private final PostRepository posts;

	private final Accounts accounts;

	private final MarkdownRenderer renderer;

	private final Clock clock;

	private final Counter created;

	PostService(PostRepository posts, Accounts accounts, MarkdownRenderer renderer, Clock clock,
			MeterRegistry registry) {
		this.posts = posts;
		this.accounts = accounts;
		this.renderer = renderer;
		this.clock = clock;
		this.created = Counter.builder("foobar.posts.published").description("Posts published").register(registry);
	}

	@Transactional(readOnly = true)
	Page<PostSummary> latest(int page) {
		return this.posts.findLatest(PageRequest.of(Math.max(0, page), PAGE_SIZE));
	}

	@Transactional(readOnly = true)
	Page<PostSummary> byAuthor(String handle, int page) {
		String author = this.accounts.findByHandle(handle).orElseThrow(PostNotFoundException::new).getHandle();
		return this.posts.findByAuthor(author, PageRequest.of(Math.max(0, page), PAGE_SIZE));
	}

	@Transactional(readOnly = true)
	PostView show(long id) {
		Post post = this.posts.findWithAuthor(id).orElseThrow(PostNotFoundException::new);
		return new PostView(post.getId(), post.getTitle(), this.renderer.render(post.getBody(), post.getFormat()),
				post.getAuthor().getHandle(), post.getCreatedAt(), post.getUpdatedAt());
	}

	@Transactional(readOnly = true)
	PostForm editForm(long id, String user) {
		return PostForm.of(owned(id, user));
	}

	@Transactional
	long create(String user, PostForm form) {
		Post post = this.posts.save(new Post(this.accounts.reference(user), form, Instant.now(this.clock)));
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
