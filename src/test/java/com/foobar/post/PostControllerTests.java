package com.foobar.post;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.foobar.WebSliceConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.dao.RecoverableDataAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(controllers = PostController.class, properties = "foobar.instance=test-instance")
@Import(WebSliceConfiguration.class)
@ExtendWith(OutputCaptureExtension.class)
class PostControllerTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Instant WHEN = Instant.parse("2026-11-23T10:00:00Z");

	@Autowired
	private MockMvc mvc;

	@MockitoBean
	private PostService posts;

	@Test
	void homeListsTheLatestPostsAndNamesTheInstance() throws Exception {
		given(this.posts.latest(Window.NEWEST)).willReturn(
				new PostList(null, List.of(new PostSummary(7, "First <post> & \"more\"", "alice", WHEN)), null, 7L));
		this.mvc.perform(get("/").accept(MediaType.TEXT_HTML))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("First &lt;post&gt; &amp; &quot;more&quot;")))
			.andExpect(content().string(containsString("href=\"/posts/7\"")))
			.andExpect(content().string(containsString("<span>by</span>\n    <a href=\"/authors/alice\">alice</a>")))
			.andExpect(content().string(containsString("<time datetime=\"2026-11-23T10:00:00Z\">")))
			.andExpect(content().string(containsString("2026-11-23 10:00 UTC")))
			.andExpect(content().string(containsString("href=\"?before=7\"")))
			.andExpect(content().string(not(containsString("?after="))))
			.andExpect(content().string(containsString("Served by test-instance")))
			.andExpect(header().string("Content-Security-Policy", containsString("script-src 'self'")))
			.andExpect(header().exists("X-Request-ID"));
	}

	@Test
	void aSafeRequestIdIsKeptAndAnUnsafeOneReplaced() throws Exception {
		given(this.posts.latest(any())).willReturn(new PostList(null, List.of(), null, null));
		this.mvc.perform(get("/").header("X-Request-ID", "abc-123"))
			.andExpect(header().string("X-Request-ID", "abc-123"));
		this.mvc.perform(get("/").header("X-Request-ID", "a\nforged: line"))
			.andExpect(header().string("X-Request-ID", not(containsString("forged"))));
	}

	@Test
	void writingNeedsAnAccount() throws Exception {
		this.mvc.perform(get("/posts/new")).andExpect(redirectedUrl("/login"));
	}

	@Test
	@WithMockUser("alice")
	void aFormWithBadValuesShowsWhatIsWrongAndSavesNothing() throws Exception {
		this.mvc.perform(post("/posts/new").with(csrf()).param("title", " ").param("body", "x".repeat(20001))
				.param("format", "MARKDOWN"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Give your post a title.")))
			.andExpect(content().string(containsString("A post has at most 20,000 characters.")));
		verify(this.posts, never()).create(any(), any());
	}

	@Test
	@WithMockUser("alice")
	void aGoodPostIsPublishedAndShown() throws Exception {
		given(this.posts.create(eq("alice"), any())).willReturn(42L);
		this.mvc.perform(post("/posts/new").with(csrf()).param("title", "Hi").param("body", "Body").param("format",
				"PLAIN"))
			.andExpect(redirectedUrl("/posts/42"));
	}

	@Test
	@WithMockUser("alice")
	void pastTheLimitPerAccountThePostIsKeptAndTheAnswerSaysWhenToComeBack(CapturedOutput output) throws Exception {
		given(this.posts.create(eq("alice"), any()))
			.willThrow(new PostLimitReached(new PostLimit(10, Duration.ofMinutes(10)), Duration.ofSeconds(61)));
		this.mvc.perform(post("/posts/new").with(csrf()).param("title", "Still here").param("body", "Every word of it")
				.param("format", "PLAIN"))
			.andExpect(status().isTooManyRequests())
			.andExpect(header().string("Retry-After", "61"))
			.andExpect(content().string(containsString(
					"You have published 10 posts in the last 10 minutes, as many as one account may. Your post is kept below: publish it again in 2 min.")))
			.andExpect(content().string(not(containsString("Please correct the fields"))))
			.andExpect(content().string(containsString("value=\"Still here\"")))
			.andExpect(content().string(containsString(">Every word of it</textarea>")));
		JsonNode event = output.getOut().lines().filter(line -> line.startsWith("{")).map(JSON::readTree)
			.filter(line -> line.path("event").path("category").asString().equals("rate-limit"))
			.findFirst().orElseThrow();
		assertThat(event.path("event").path("action").asString()).isEqualTo("post");
		assertThat(event.path("event").path("outcome").asString()).isEqualTo("throttled");
		assertThat(event.path("user").path("name").asString()).isEqualTo("alice");
	}

	@Test
	@WithMockUser("alice")
	void withoutACsrfTokenNothingIsWritten(CapturedOutput output) throws Exception {
		this.mvc.perform(post("/posts/new").param("title", "Hi").param("body", "Body").param("format", "PLAIN"))
			.andExpect(status().isForbidden());
		verify(this.posts, never()).create(any(), any());
		assertThat(deniedEvent(output)).isEqualTo("alice POST /posts/new no valid CSRF token");
	}

	@Test
	void aMissingPostIsA404Page() throws Exception {
		given(this.posts.show(anyLong())).willThrow(new PostNotFoundException());
		this.mvc.perform(get("/posts/999").accept(MediaType.TEXT_HTML)).andExpect(status().isNotFound());
	}

	@Test
	void theAuthorSeesEditButtonsOthersDoNot() throws Exception {
		given(this.posts.show(3)).willReturn(new PostView(3, "T", "<p>b</p>", "alice", WHEN, WHEN));
		this.mvc.perform(get("/posts/3").with(org.springframework.security.test.web.servlet.request
			.SecurityMockMvcRequestPostProcessors.user("alice")))
			.andExpect(content().string(containsString("/posts/3/edit")));
		this.mvc.perform(get("/posts/3").with(org.springframework.security.test.web.servlet.request
			.SecurityMockMvcRequestPostProcessors.user("bob")))
			.andExpect(content().string(not(containsString("/posts/3/edit"))));
	}

	@Test
	@WithMockUser("bob")
	void editingSomeoneElsesPostIsForbidden(CapturedOutput output) throws Exception {
		given(this.posts.editForm(3, "bob")).willThrow(new AccessDeniedException("Not the author"));
		this.mvc.perform(get("/posts/3/edit")).andExpect(status().isForbidden());
		assertThat(deniedEvent(output)).isEqualTo("bob GET /posts/3/edit not permitted");
	}

	/** The one access-denied security event logged: who, what and why. */
	private static String deniedEvent(CapturedOutput output) {
		List<JsonNode> events = output.getOut().lines().filter(line -> line.startsWith("{")).map(JSON::readTree)
			.filter(event -> event.path("event").path("category").asString().equals("authorization"))
			.toList();
		assertThat(events).hasSize(1);
		JsonNode event = events.getFirst();
		assertThat(event.path("log").path("logger").asString()).isEqualTo("foobar.security");
		assertThat(event.path("event").path("outcome").asString()).isEqualTo("failure");
		return String.join(" ", event.path("user").path("name").asString(),
				event.path("http").path("request").path("method").asString(), event.path("url").path("path").asString(),
				event.path("event").path("reason").asString());
	}

	@Test
	void anUnreachableDatabaseIsAFriendly503() throws Exception {
		given(this.posts.latest(any()))
			.willThrow(new CannotGetJdbcConnectionException("Connection refused", new SQLException("refused")));
		this.mvc.perform(get("/").accept(MediaType.TEXT_HTML))
			.andExpect(status().isServiceUnavailable())
			.andExpect(content().string(containsString("We cannot reach our database right now.")))
			.andExpect(content().string(not(containsString("Connection refused"))))
			.andExpect(content().string(not(containsString("Exception"))));
	}

	@Test
	void aConnectionLostUnderAReadIsThe503PageNotA500() throws Exception {
		given(this.posts.latest(any())).willThrow(new RecoverableDataAccessException("read",
				new SQLRecoverableException("Communications link failure", "08S01")));
		this.mvc.perform(get("/").accept(MediaType.TEXT_HTML))
			.andExpect(status().isServiceUnavailable())
			.andExpect(content().string(containsString("We cannot reach our database right now.")));
	}

	@Test
	void aPageIsBufferedWholeSoADyingReplicaNeverSendsHalfOfIt() throws Exception {
		given(this.posts.latest(any())).willReturn(new PostList(null, List.of(), null, null));
		this.mvc.perform(get("/"))
			.andExpect(status().isOk())
			.andExpect(result -> assertThat(result.getResponse().getBufferSize()).isEqualTo(64 * 1024));
	}

	@Test
	void pagesAreKeysetsBothWays() throws Exception {
		List<PostSummary> page = List.of(new PostSummary(19, "Nineteen", "alice", WHEN),
				new PostSummary(18, "Eighteen", "alice", WHEN));
		given(this.posts.latest(new Window(20L, null))).willReturn(new PostList(null, page, 19L, 18L));
		this.mvc.perform(get("/").param("before", "20"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("href=\"?after=19\"")))
			.andExpect(content().string(containsString("href=\"?before=18\"")));
	}

	@Test
	void anAuthorPageNamesTheAuthorAsStored() throws Exception {
		given(this.posts.byAuthor("Alice", Window.NEWEST)).willReturn(
				new PostList("alice", List.of(new PostSummary(5, "Five", "alice", WHEN)), null, null));
		this.mvc.perform(get("/authors/Alice"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Posts by alice")))
			.andExpect(content().string(not(containsString("class=\"pager\""))));
	}

	@Test
	void oldNumberedPagesMovePermanentlyToTheirKeyset() throws Exception {
		given(this.posts.legacyPage(null, 3)).willReturn(Optional.of(new Window(1234L, null)));
		given(this.posts.legacyPage("bob", 2)).willReturn(Optional.of(new Window(99L, null)));
		given(this.posts.legacyPage(null, 0)).willReturn(Optional.of(Window.NEWEST));
		given(this.posts.legacyPage(null, 5000)).willReturn(Optional.empty());
		this.mvc.perform(get("/").param("page", "3"))
			.andExpect(status().isMovedPermanently())
			.andExpect(redirectedUrl("/?before=1234"));
		this.mvc.perform(get("/authors/bob").param("page", "2"))
			.andExpect(status().isMovedPermanently())
			.andExpect(redirectedUrl("/authors/bob?before=99"));
		this.mvc.perform(get("/").param("page", "0")).andExpect(redirectedUrl("/"));
		this.mvc.perform(get("/").param("page", "5000").accept(MediaType.TEXT_HTML))
			.andExpect(status().isNotFound());
	}

	@Test
	void aKeyThatIsNotANumberIsABadRequest() throws Exception {
		this.mvc.perform(get("/").param("before", "1 OR 1=1").accept(MediaType.TEXT_HTML))
			.andExpect(status().isBadRequest());
		verify(this.posts, never()).latest(any());
	}

	@Test
	void theHeaderNamesTheSignedInViewerAndOffersSignInToOthers() throws Exception {
		given(this.posts.latest(any())).willReturn(new PostList(null, List.of(), null, null));
		this.mvc.perform(get("/").with(org.springframework.security.test.web.servlet.request
			.SecurityMockMvcRequestPostProcessors.user("alice")))
			.andExpect(content().string(containsString("Signed in as alice")))
			.andExpect(content().string(containsString("href=\"/authors/alice\"")))
			.andExpect(content().string(not(containsString("href=\"/login\""))));
		this.mvc.perform(get("/"))
			.andExpect(content().string(containsString("href=\"/login\"")))
			.andExpect(content().string(not(containsString("Signed in as"))));
	}

}
