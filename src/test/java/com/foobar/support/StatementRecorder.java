package com.foobar.support;

import java.net.URI;
import java.util.List;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

import com.mysql.cj.MysqlConnection;
import com.mysql.cj.Query;
import com.mysql.cj.interceptors.QueryInterceptor;
import com.mysql.cj.log.Log;
import com.mysql.cj.protocol.Resultset;
import com.mysql.cj.protocol.ServerSession;

/**
 * A Connector/J query interceptor that records every statement an app instance sends, with the server it went
 * to and the thread that sent it. Enabled per instance with
 * {@code --foobar.db.driver.queryInterceptors=com.foobar.support.StatementRecorder}; the log is JVM-wide.
 */
public final class StatementRecorder implements QueryInterceptor {

	/** A statement as sent (values in place), the server's host:port, and the sending thread's name. */
	public record Statement(String server, String thread, String sql) {
	}

	private static final Queue<Statement> LOG = new ConcurrentLinkedQueue<>();

	private String server;

	public static void clear() {
		LOG.clear();
	}

	/** What request threads (Tomcat's workers) sent since the last clear, in order. */
	public static List<Statement> fromRequests() {
		return LOG.stream().filter((statement) -> statement.thread().contains("-exec-")).toList();
	}

	@Override
	public QueryInterceptor init(MysqlConnection connection, Properties properties, Log log) {
		URI url = URI.create(connection.getURL().substring("jdbc:".length()));
		this.server = url.getHost() + ":" + url.getPort();
		return this;
	}

	@Override
	public <T extends Resultset> T preProcess(Supplier<String> sql, Query query) {
		LOG.add(new Statement(this.server, Thread.currentThread().getName(), sql.get()));
		return null;
	}

	@Override
	public boolean executeTopLevelOnly() {
		return false;
	}

	@Override
	public void destroy() {
	}

	@Override
	public <T extends Resultset> T postProcess(Supplier<String> sql, Query query, T resultSet, ServerSession session) {
		return null;
	}

}
