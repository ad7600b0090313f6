package com.foobar.routing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import com.foobar.support.TestStack;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The running app's account has data rights only, nobody connects without verified TLS, and an account's password
 * is no good without the account's own certificate.
 */
class PrivilegesIT {

	private static final int COMMAND_DENIED = 1142;

	private static final int ACCESS_DENIED = 1045;

	private static final int READ_ONLY = 1290;

	@Test
	void theAppAccountCannotChangeTheSchema() throws SQLException {
		try (Connection connection = connect("FOOBAR_DB_PRIMARY", "VERIFY_IDENTITY");
				Statement statement = connection.createStatement()) {
			assertThat(statement.executeQuery("SELECT COUNT(*) FROM post").next()).isTrue();
			for (String ddl : new String[] { "CREATE TABLE intruder (id INT)", "DROP TABLE post",
					"ALTER TABLE post ADD COLUMN intruder INT", "TRUNCATE TABLE heartbeat" }) {
				assertThatExceptionOfType(SQLException.class).as(ddl)
					.isThrownBy(() -> statement.execute(ddl))
					.satisfies(ex -> assertThat(ex.getErrorCode()).isEqualTo(COMMAND_DENIED));
			}
		}
	}

	@Test
	void theAppAccountCannotTouchTheRecordOfMigrations() throws SQLException {
		try (Connection connection = connect("FOOBAR_DB_PRIMARY", "VERIFY_IDENTITY");
				Statement statement = connection.createStatement()) {
			for (String sql : new String[] { "SELECT COUNT(*) FROM flyway_schema_history",
					"DELETE FROM flyway_schema_history WHERE version = '4'",
					"UPDATE flyway_schema_history SET checksum = 0" }) {
				assertThatExceptionOfType(SQLException.class).as(sql)
					.isThrownBy(() -> statement.execute(sql))
					.satisfies(ex -> assertThat(ex.getErrorCode()).isEqualTo(COMMAND_DENIED));
			}
			assertThat(statement.executeQuery("SELECT COUNT(*) FROM SPRING_SESSION").next()).isTrue();
		}
	}

	@Test
	void theAppAccountCannotWriteOnTheReplica() throws SQLException {
		try (Connection connection = connect("FOOBAR_DB_REPLICA", "VERIFY_IDENTITY");
				Statement statement = connection.createStatement()) {
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> statement.executeUpdate("DELETE FROM heartbeat"))
				.satisfies(ex -> assertThat(ex.getErrorCode()).isEqualTo(READ_ONLY));
		}
	}

	@Test
	void plainTextConnectionsAreRefused() {
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> connect("FOOBAR_DB_PRIMARY", "DISABLED").close());
	}

	@Test
	void thePasswordAloneOrWithAnotherAccountsCertificateIsRefused() throws SQLException {
		for (String keystore : new String[] { null, TestStack.env("FOOBAR_DB_MIGRATE_KEYSTORE") }) {
			assertThatExceptionOfType(SQLException.class).as("with key store " + keystore)
				.isThrownBy(() -> connect("FOOBAR_DB_PRIMARY", "VERIFY_IDENTITY", keystore).close())
				.satisfies(ex -> assertThat(ex.getErrorCode()).isEqualTo(ACCESS_DENIED));
		}
		connect("FOOBAR_DB_PRIMARY", "VERIFY_IDENTITY").close();
	}

	private static Connection connect(String hostVariable, String sslMode) throws SQLException {
		return connect(hostVariable, sslMode, TestStack.env("FOOBAR_DB_APP_KEYSTORE"));
	}

	private static Connection connect(String hostVariable, String sslMode, String keystore) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", "foobar_app");
		properties.setProperty("password", TestStack.env("FOOBAR_DB_APP_PASSWORD"));
		properties.setProperty("sslMode", sslMode);
		if (keystore != null) {
			properties.setProperty("clientCertificateKeyStoreUrl", "file:" + keystore);
			properties.setProperty("clientCertificateKeyStoreType", "PKCS12");
			properties.setProperty("clientCertificateKeyStorePassword", TestStack.env("FOOBAR_DB_TRUSTSTORE_PASSWORD"));
		}
		properties.setProperty("trustCertificateKeyStoreUrl", "file:" + TestStack.env("FOOBAR_DB_TRUSTSTORE"));
		properties.setProperty("trustCertificateKeyStoreType", "PKCS12");
		properties.setProperty("trustCertificateKeyStorePassword", TestStack.env("FOOBAR_DB_TRUSTSTORE_PASSWORD"));
		return DriverManager.getConnection(
				"jdbc:mysql://" + TestStack.env(hostVariable) + "/" + TestStack.env("FOOBAR_DB_NAME"), properties);
	}

}
