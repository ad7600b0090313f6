package com.foobar.routing;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.stereotype.Component;

/**
 * Tells Hibernate which server it talks to. Connector/J reports MariaDB as "MySQL 5.5.5-10.11...", so Hibernate
 * would pick MySQLDialect for a version it no longer supports and warn (HHH000511). The real product and version
 * come from the server's version string; Hibernate then does not read JDBC metadata for them.
 */
@Component
class HibernateDialectCustomizer implements HibernatePropertiesCustomizer {

	private static final Pattern VERSION = Pattern.compile("(?:5\\.5\\.5-)?(\\d+)\\.(\\d+)");

	private final ServerVersion serverVersion;

	HibernateDialectCustomizer(ServerVersion serverVersion) {
		this.serverVersion = serverVersion;
	}

	@Override
	public void customize(Map<String, Object> properties) {
		properties.putAll(settings(this.serverVersion));
	}

	static Map<String, Object> settings(ServerVersion serverVersion) {
		boolean mariadb = serverVersion.isMariaDb();
		Matcher version = VERSION.matcher(serverVersion.value());
		if (!version.lookingAt()) {
			throw new IllegalStateException("Unrecognised database server version: " + serverVersion.value());
		}
		return Map.of("jakarta.persistence.database-product-name", mariadb ? "MariaDB" : "MySQL",
				"jakarta.persistence.database-major-version", version.group(1),
				"jakarta.persistence.database-minor-version", version.group(2),
				"hibernate.boot.allow_jdbc_metadata_access", "false");
	}

}
