package com.foobar.routing;

import java.sql.Connection;
import java.sql.SQLException;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health of the two databases. {@code primaryDatabase} is in the readiness group: without the primary nothing can
 * be written or signed in, so the load balancer should stop sending traffic. {@code replicaDatabase} only informs:
 * reads fall back to the primary, so a replica outage must not take an app instance out of rotation.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseHealth {

	@Bean
	HealthIndicator primaryDatabase(HikariDataSource primaryPool, DatabaseRoles roles) {
		return () -> {
			// The node this instance writes to: bin/foobar db promote waits until every replica names the new one.
			String node = roles.writer();
			try (Connection connection = primaryPool.getConnection()) {
				return (connection.isValid(1) ? Health.up() : Health.down()).withDetail("node", node).build();
			}
			catch (SQLException ex) {
				return Health.down().withDetail("node", node).withDetail("error", ex.getMessage()).build();
			}
		};
	}

	@Bean
	HealthIndicator replicaDatabase(ReplicaMonitor monitor) {
		return () -> {
			ReplicaMonitor.State state = monitor.state();
			return Health.up()
				.withDetail("readsToReplica", state.replicaUsable())
				.withDetail("state", state.reason())
				.withDetail("lagSeconds", state.lagSeconds())
				.build();
		};
	}

}
