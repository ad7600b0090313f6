package com.foobar.routing;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

/** The primary's version string, read once at start-up: it picks the replication and Hibernate dialects. */
record ServerVersion(String value) {

	static ServerVersion read(DataSource dataSource) throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			return new ServerVersion(connection.getMetaData().getDatabaseProductVersion());
		}
	}

	boolean isMariaDb() {
		return this.value.toLowerCase().contains("mariadb");
	}

}
