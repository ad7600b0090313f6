package com.foobar.post;

import java.net.http.HttpResponse;
import java.util.UUID;

import com.foobar.support.TestStack;
import com.foobar.support.Visitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Publishing on the real database: the limit of new posts per account (the post past it is refused with 429 and its
 * text kept, another account still posts, and posts older than the window no longer count), and an edit shown at
 * once although the replica keeps rendered bodies.
 */
class PublishingIT {

	private static ConfigurableApplicationContext app;

	private static String base;

	@BeforeAll
	static void start() {
		app = TestStack.startApp("publishing-it", "--foobar.posts.per-author=3", "--foobar.posts.window=1h");
		base = TestStack.baseUrl(app);
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	@Test
	void theFourthPostWithinTheHourIsRefusedUntilTheFirstIsOlderThanThat() {
		String handle = "limited_" + UUID.randomUUID().toString().substring(0, 8);
		Visitor author = signedIn(handle);
		for (int n = 1; n <= 3; n++) {
			assertThat(Visitor.location(publish(author, "Post " + n))).as("post %d", n).matches("/posts/\\d+");
		}
		HttpResponse<String> refused = publish(author, "One too many");
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.headers().firstValue("Retry-After").map(Long::parseLong).orElseThrow()).isBetween(3000L, 3600L);
		assertThat(refused.body()).contains("You have published 3 posts in the last 60 minutes", "value=\"One too many\"");
		assertThat(count(handle)).isEqualTo("3");

		assertThat(Visitor.location(publish(signedIn("other_" + handle.substring(8)), "Someone else")))
			.matches("/posts/\\d+");

		sql("UPDATE post p JOIN account a ON a.id = p.author_id SET p.created_at = p.created_at - INTERVAL 61 MINUTE "
				+ "WHERE a.handle = '" + handle + "'");
		assertThat(Visitor.location(publish(author, "An hour later"))).matches("/posts/\\d+");
		assertThat(count(handle)).isEqualTo("4");
	}

	@Test
	void anEditedPostIsShownAsEditedAtOnce() {
		Visitor author = signedIn("editing_" + UUID.randomUUID().toString().substring(0, 8));
		String post = Visitor.location(author.submit(base + "/posts/new", base + "/posts/new", "title", "Draft", "body",
				"The *first* words.", "format", "MARKDOWN"));
		assertThat(author.get(base + post).body()).contains("The <em>first</em> words.");
		author.submit(base + post + "/edit", base + post + "/edit", "title", "Draft", "body", "The *second* words.",
				"format", "MARKDOWN");
		assertThat(author.get(base + post).body()).contains("The <em>second</em> words.").doesNotContain("<em>first</em>");
	}

	private static Visitor signedIn(String handle) {
		Visitor visitor = new Visitor();
		visitor.signUpAndSignIn(base, base, handle, "correct horse battery staple");
		return visitor;
	}

	private static HttpResponse<String> publish(Visitor author, String title) {
		return author.submit(base + "/posts/new", base + "/posts/new", "title", title, "body", "Its body.", "format",
				"PLAIN");
	}

	private static String count(String handle) {
		return sql("SELECT COUNT(*) FROM post p JOIN account a ON a.id = p.author_id WHERE a.handle = '" + handle + "'");
	}

	private static String sql(String statement) {
		return TestStack.sql("primary", "USE `" + TestStack.env("FOOBAR_DB_NAME") + "`; " + statement).strip();
	}

}
