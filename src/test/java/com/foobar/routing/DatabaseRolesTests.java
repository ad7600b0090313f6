package com.foobar.routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.AbstractDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A swap moves every role to the other node for the next connection, and tells the pools. */
class DatabaseRolesTests {

	@Test
	void aSwapSendsEachRolesNextConnectionToTheOtherNodeAndTellsThePools() {
		DatabaseRoles roles = new DatabaseRoles("a:3306", "b:3306");
		List<DataSource> nodes = List.of(node("a"), node("b"));
		RoleDataSource writer = new RoleDataSource(roles, true, nodes);
		RoleDataSource reader = new RoleDataSource(roles, false, nodes);
		AtomicInteger told = new AtomicInteger();
		roles.onSwap(told::incrementAndGet);
		assertThatThrownBy(writer::getConnection).hasMessage("a");
		assertThatThrownBy(reader::getConnection).hasMessage("b");

		roles.swap();
		assertThat(roles.writer()).isEqualTo("b:3306");
		assertThat(roles.reader()).isEqualTo("a:3306");
		assertThatThrownBy(writer::getConnection).hasMessage("b");
		assertThatThrownBy(reader::getConnection).hasMessage("a");
		assertThat(told).hasValue(1);
	}

	/** A node that answers every connection attempt with its own name. */
	private static DataSource node(String name) {
		return new AbstractDataSource() {
			@Override
			public Connection getConnection() throws SQLException {
				throw new SQLException(name);
			}

			@Override
			public Connection getConnection(String username, String password) throws SQLException {
				throw new SQLException(name);
			}
		};
	}

}
