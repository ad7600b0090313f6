package com.foobar.post;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import com.foobar.support.StatementRecorder;
import com.foobar.support.StatementRecorder.Statement;
import com.foobar.support.TestStack;
import com.foobar.support.Visitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every page costs the same whatever the size of the table: on a seeded database (200,000 posts, 10,000 accounts,
 * one author with 100,000 posts), every SELECT a page sends is recorded, then run again on the same server
 * between FLUSH LOCAL STATUS (never binlogged) and SHOW STATUS, and the rows the server touched for it (Handler_read_* and index
 * condition pushdown attempts) must stay within a page's worth. A scan, a sort of the table or an index walked to
 * its key reads thousands to hundreds of thousands. The number of statements per page is held too.
 */
class BoundedReadsIT {

	/** Per statement: a page of 11 posts and their 11 authors is about 25 reads; a session with its attributes, 10. */
	private static final int BOUND = 50;

	/**
	 * Round trips per page: an anonymous page is one statement (two when a page of newer posts is not full and
	 * the newest is shown instead); a signed-in one adds its session (load and COMMIT; a save and COMMIT only when
	 * something but its access time changed, such as a flash notice read: see SavedSessionReuse) and the causal
	 * wait on the replica.
	 */
	private static final int ANONYMOUS_STATEMENTS = 2;

	private static final int SIGNED_IN_STATEMENTS = 7;

	private static final String HANDLER_READS = "'Handler_read_first', 'Handler_read_key', 'Handler_read_last', "
			+ "'Handler_read_next', 'Handler_read_prev', 'Handler_read_rnd', 'Handler_read_rnd_next', "
			+ "'Handler_icp_attempts'";

	private static ConfigurableApplicationContext app;

	private static String base;

	@BeforeAll
	static void startAndSeed() {
		// Started first: right after a seed the two cores are busy writing it out, and a cold JVM's first TLS
		// logins to the database can then exceed their connect timeouts.
		app = TestStack.startApp("bounded-reads-it",
				"--foobar.db.driver.queryInterceptors=" + StatementRecorder.class.getName());
		base = TestStack.baseUrl(app);
		TestStack.ctl("seed", "--posts", "200000", "--accounts", "10000");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> new Visitor().get(base + "/").body().contains("data from the replica"));
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	@Test
	void everyPageAVisitorReachesReadsABoundedNumberOfRows() {
		long oldest = Long.parseLong(sql("SELECT MIN(id) FROM post"));
		long newest = Long.parseLong(sql("SELECT MAX(id) FROM post"));
		String heavy = sql("SELECT a.handle FROM post p JOIN account a ON a.id = p.author_id "
				+ "GROUP BY a.handle ORDER BY COUNT(*) DESC LIMIT 1");
		assertThat(Long.parseLong(sql("SELECT COUNT(*) FROM post"))).isGreaterThanOrEqualTo(200_000);
		Visitor visitor = new Visitor();
		for (String page : List.of("/", "/?before=" + (oldest + 25), "/?after=" + (oldest + 25),
				"/?after=" + (newest - 15), "/authors/" + heavy, "/authors/" + heavy + "?before=" + (oldest + 50),
				"/authors/" + heavy + "?after=" + (oldest + 50), "/authors/" + heavy + "?after=" + (newest - 40),
				"/authors/" + heavy.toUpperCase(Locale.ROOT), "/posts/" + (oldest + 1000), "/authors/nobody_at_all")) {
			assertBounded(visitor, page, BOUND, ANONYMOUS_STATEMENTS);
		}
	}

	@Test
	void aSignedInAuthorsPagesReadABoundedNumberOfRows() {
		Visitor author = new Visitor();
		String handle = "bounded_" + UUID.randomUUID().toString().substring(0, 8);
		author.signUpAndSignIn(base, base, handle, "correct horse battery staple");
		HttpResponse<String> published = author.submit(base + "/posts/new", base + "/posts/new", "title", "Mine",
				"body", "*Some* body", "format", "MARKDOWN");
		String post = Visitor.location(published);
		assertThat(post).matches("/posts/\\d+");
		for (String page : List.of("/", post, post + "/edit", "/authors/" + handle, "/posts/new")) {
			assertBounded(author, page, BOUND, SIGNED_IN_STATEMENTS);
		}
	}

	/** The pager's links walk the posts in order, older and back, with no post skipped or shown twice. */
	@Test
	void olderAndNewerLinksWalkThePostsInOrder() {
		Visitor visitor = new Visitor();
		String home = visitor.get(base + "/").body();
		List<Long> newest = ids(home);
		assertThat(newest).hasSize(PostService.PAGE_SIZE).isSortedAccordingTo(java.util.Comparator.reverseOrder());
		assertThat(newest).isEqualTo(idsFromDatabase("ORDER BY id DESC LIMIT " + PostService.PAGE_SIZE));
		String older = visitor.get(base + "/" + link(home, "next")).body();
		assertThat(ids(older)).isEqualTo(idsFromDatabase(
				"WHERE id < " + newest.getLast() + " ORDER BY id DESC LIMIT " + PostService.PAGE_SIZE));
		assertThat(ids(visitor.get(base + "/" + link(older, "prev")).body())).isEqualTo(newest);
	}

	private static final java.util.regex.Pattern POST_LINK = java.util.regex.Pattern
		.compile("class=\"title\" href=\"/posts/(\\d+)\"");

	private static List<Long> ids(String page) {
		return POST_LINK.matcher(page).results().map((m) -> Long.parseLong(m.group(1))).toList();
	}

	private static String link(String page, String rel) {
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("rel=\"" + rel + "\" href=\"([^\"]+)\"").matcher(page);
		assertThat(m.find()).as("a %s link", rel).isTrue();
		return m.group(1).replace("&amp;", "&");
	}

	private static List<Long> idsFromDatabase(String rest) {
		return sql("SELECT id FROM post " + rest).lines().map(Long::parseLong).toList();
	}

	/** Old numbered links are followed by OFFSET, so they cost what they skip: the cap bounds it, not the table. */
	@Test
	void anOldNumberedLinkReadsNoMoreThanItsCapAllows() {
		int bound = PostService.LEGACY_PAGES * PostService.PAGE_SIZE + BOUND;
		assertBounded(new Visitor(), "/?page=" + PostService.LEGACY_PAGES, bound, ANONYMOUS_STATEMENTS);
		assertThat(new Visitor().get(base + "/?page=" + (PostService.LEGACY_PAGES + 1)).statusCode()).isEqualTo(404);
	}

	private static void assertBounded(Visitor visitor, String page, int bound, int statements) {
		StatementRecorder.clear();
		HttpResponse<String> response = visitor.get(base + page);
		assertThat(response.statusCode()).as(page).isIn(200, 301, 404);
		List<Statement> selects = StatementRecorder.fromRequests()
			.stream()
			.filter((statement) -> statement.sql().strip().matches("(?is)\\(?select\\s.*\\sfrom\\s.*"))
			.toList();
		assertThat(selects).as("SELECTs recorded for %s", page).isNotEmpty();
		List<String> report = new ArrayList<>();
		for (Statement select : selects) {
			long reads = rowsRead(select);
			report.add(reads + " rows: " + select.sql().replaceAll("\\s+", " "));
			assertThat(reads).as("rows read for %s by %s", page, select.sql()).isLessThanOrEqualTo(bound);
		}
		System.out.printf("%s (%d statements in all)%n  %s%n", page, StatementRecorder.fromRequests().size(),
				String.join("\n  ", report));
		assertThat(StatementRecorder.fromRequests()).as("statements (round trips) for %s", page).hasSizeLessThanOrEqualTo(statements);
	}

	private static long rowsRead(Statement select) {
		// By port: after a promotion in an earlier test the node called "primary" may be the reader.
		String port = select.server().substring(select.server().lastIndexOf(':') + 1);
		String node = TestStack.sql("primary", "SELECT @@port").equals(port) ? "primary" : "replica";
		String output = TestStack.sql(node, "USE `" + TestStack.env("FOOBAR_DB_NAME") + "`; FLUSH LOCAL STATUS; "
				+ select.sql() + "; SHOW SESSION STATUS WHERE Variable_name IN (" + HANDLER_READS + ")");
		return output.lines()
			.filter((line) -> line.matches("Handler_\\w+\\t\\d+"))
			.mapToLong((line) -> Long.parseLong(line.substring(line.indexOf('\t') + 1)))
			.sum();
	}

	private static String sql(String query) {
		return TestStack.sql("replica", "USE `" + TestStack.env("FOOBAR_DB_NAME") + "`; " + query);
	}

}
