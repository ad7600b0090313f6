package com.foobar.post;

import java.time.Instant;

import com.foobar.account.Account;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Version;

@Entity
class Post {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@ManyToOne(fetch = FetchType.LAZY, optional = false)
	@JoinColumn(name = "author_id")
	private Account author;

	@Column(nullable = false, length = 200)
	private String title;

	@Column(nullable = false, columnDefinition = "MEDIUMTEXT")
	private String body;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, length = 10)
	private PostFormat format;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	@Version
	private int version;

	protected Post() {
	}

	Post(Account author, PostForm form, Instant now) {
		this.author = author;
		this.createdAt = now;
		update(form, now);
	}

	void update(PostForm form, Instant now) {
		this.title = form.title().strip();
		this.body = form.body();
		this.format = form.format();
		this.updatedAt = now;
	}

	Long getId() {
		return this.id;
	}

	Account getAuthor() {
		return this.author;
	}

	String getTitle() {
		return this.title;
	}

	String getBody() {
		return this.body;
	}

	PostFormat getFormat() {
		return this.format;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

	Instant getUpdatedAt() {
		return this.updatedAt;
	}

}
