package com.foobar.post;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import com.foobar.routing.ReadModel;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The read model of posts: one SQL statement per page, one round trip, each driven by an index so that it reads
 * the rows it returns and a few more whatever the size of the table (BoundedReadsIT holds every statement here to
 * that on a seeded database). STRAIGHT_JOIN fixes the join order the indexes were made for.
 */
@Repository
class PostQueries {

	/** The newest posts or a keyset page of them, on the primary key; the account joined per row (eq_ref). */
	private static final String LATEST_OLDER = """
			SELECT a.handle, p.id, p.title, p.created_at FROM post p STRAIGHT_JOIN account a ON a.id = p.author_id
			WHERE p.id < :key ORDER BY p.id DESC LIMIT :limit""";

	private static final String LATEST_NEWER = """
			SELECT a.handle, p.id, p.title, p.created_at FROM post p STRAIGHT_JOIN account a ON a.id = p.author_id
			WHERE p.id > :key ORDER BY p.id LIMIT :limit""";

	/**
	 * An author's posts on (author_id, id), the account found by its unique handle first (a constant to the
	 * optimiser). The first branch returns the handle alone, so that an author without posts on this page is
	 * told from no author at all. FORCE INDEX: left to itself the optimiser takes ix_post_author as a ref on
	 * author_id alone and walks all of that author's posts to reach the key (found by BoundedReadsIT).
	 */
	private static final String AUTHOR_OLDER = """
			(SELECT handle, NULL AS id, NULL AS title, NULL AS created_at FROM account WHERE handle = :handle)
			UNION ALL
			(SELECT a.handle, p.id, p.title, p.created_at
			FROM account a STRAIGHT_JOIN post p FORCE INDEX (ix_post_author) ON p.author_id = a.id
			WHERE a.handle = :handle AND p.id < :key ORDER BY p.id DESC LIMIT :limit)""";

	private static final String AUTHOR_NEWER = """
			(SELECT handle, NULL AS id, NULL AS title, NULL AS created_at FROM account WHERE handle = :handle)
			UNION ALL
			(SELECT a.handle, p.id, p.title, p.created_at
			FROM account a STRAIGHT_JOIN post p FORCE INDEX (ix_post_author) ON p.author_id = a.id
			WHERE a.handle = :handle AND p.id > :key ORDER BY p.id LIMIT :limit)""";

	private static final String ONE = """
			SELECT a.handle, p.id, p.version, p.title, p.body, p.format, p.created_at, p.updated_at
			FROM post p STRAIGHT_JOIN account a ON a.id = p.author_id WHERE p.id = :id""";

	/** Only for links of the old numbered pager; the caller bounds the offset. */
	private static final String LATEST_AT_OFFSET = "SELECT id FROM post ORDER BY id DESC LIMIT 1 OFFSET :offset";

	private static final String AUTHOR_AT_OFFSET = """
			SELECT p.id FROM account a STRAIGHT_JOIN post p ON p.author_id = a.id
			WHERE a.handle = :handle ORDER BY p.id DESC LIMIT 1 OFFSET :offset""";

	private final JdbcClient jdbc;

	PostQueries(@ReadModel JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	PostList latest(Window window, int size) {
		List<Row> rows = this.jdbc.sql(window.after() != null ? LATEST_NEWER : LATEST_OLDER)
			.param("key", key(window))
			.param("limit", size + 1)
			.query(PostQueries::row)
			.list();
		return (window.after() != null && rows.size() <= size) ? latest(Window.NEWEST, size)
				: list(null, rows, window, size);
	}

	/** Empty when there is no such author. */
	Optional<PostList> byAuthor(String handle, Window window, int size) {
		List<Row> rows = this.jdbc.sql(window.after() != null ? AUTHOR_NEWER : AUTHOR_OLDER)
			.param("handle", handle)
			.param("key", key(window))
			.param("limit", size + 1)
			.query(PostQueries::row)
			.list();
		if (rows.isEmpty()) {
			return Optional.empty();
		}
		List<Row> posts = rows.stream().filter((row) -> row.id() != null).toList();
		if (window.after() != null && posts.size() <= size) {
			return byAuthor(handle, Window.NEWEST, size);
		}
		return Optional.of(list(rows.getFirst().handle(), posts, window, size));
	}

	Optional<StoredPost> find(long id) {
		return this.jdbc.sql(ONE).param("id", id).query((rs, n) -> new StoredPost(rs.getLong("id"), rs.getInt("version"),
				rs.getString("title"), rs.getString("body"), PostFormat.valueOf(rs.getString("format")),
				rs.getString("handle"), instant(rs, "created_at"), instant(rs, "updated_at"))).optional();
	}

	/** The id of the post at this offset from the newest (of one author, or of all when handle is null). */
	Optional<Long> idAtOffset(String handle, int offset) {
		JdbcClient.StatementSpec sql = (handle == null) ? this.jdbc.sql(LATEST_AT_OFFSET)
				: this.jdbc.sql(AUTHOR_AT_OFFSET).param("handle", handle);
		return sql.param("offset", offset).query(Long.class).optional();
	}

	private static long key(Window window) {
		return (window.after() != null) ? window.after() : (window.before() != null) ? window.before() : Long.MAX_VALUE;
	}

	/**
	 * The page from up to size + 1 rows (the extra one, beyond the page, says there is more): newest first,
	 * whatever order the rows came in.
	 */
	private static PostList list(String author, List<Row> rows, Window window, int size) {
		boolean more = rows.size() > size;
		boolean newer = window.after() != null;
		List<Row> sorted = new ArrayList<>(rows);
		sorted.sort(Comparator.comparing(Row::id, newer ? Comparator.<Long>naturalOrder() : Comparator.<Long>reverseOrder()));
		List<Row> shown = new ArrayList<>(more ? sorted.subList(0, size) : sorted);
		if (newer) {
			Collections.reverse(shown);
		}
		List<PostSummary> items = shown.stream()
			.map((row) -> new PostSummary(row.id(), row.title(), row.handle(), row.createdAt()))
			.toList();
		if (items.isEmpty()) {
			return new PostList(author, items, null, null);
		}
		Long newerKey = (newer ? more : window.before() != null) ? items.getFirst().id() : null;
		Long olderKey = (newer || more) ? items.getLast().id() : null;
		return new PostList(author, items, newerKey, olderKey);
	}

	private static Row row(ResultSet rs, int n) throws SQLException {
		long id = rs.getLong("id");
		return rs.wasNull() ? new Row(rs.getString("handle"), null, null, null)
				: new Row(rs.getString("handle"), id, rs.getString("title"), instant(rs, "created_at"));
	}

	/** DATETIME columns hold UTC (the connection's time zone is forced to UTC). */
	private static Instant instant(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
	}

	private record Row(String handle, Long id, String title, Instant createdAt) {
	}

	/** A post as stored, for its page and its edit form; {@code version} counts its edits (JPA's optimistic lock). */
	record StoredPost(long id, int version, String title, String body, PostFormat format, String author, Instant createdAt,
			Instant updatedAt) {
	}

}
