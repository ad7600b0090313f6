package com.foobar.routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * A pool's way to the node that plays its role (writer or reader) now: each new connection goes to the node
 * DatabaseRoles names at that moment. One driver DataSource per node, made once.
 */
final class RoleDataSource extends AbstractDataSource {

	private final DatabaseRoles roles;

	private final boolean writerRole;

	private final List<DataSource> nodes;

	RoleDataSource(DatabaseRoles roles, boolean writerRole, List<DataSource> nodes) {
		this.roles = roles;
		this.writerRole = writerRole;
		this.nodes = List.copyOf(nodes);
	}

	@Override
	public Connection getConnection() throws SQLException {
		return this.nodes.get(this.roles.node(this.writerRole)).getConnection();
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return this.nodes.get(this.roles.node(this.writerRole)).getConnection(username, password);
	}

	/** Hikari sets its connection timeout here; each node's connectTimeout bounds a login instead. */
	@Override
	public void setLoginTimeout(int timeout) {
	}

}
