package com.foobar.routing;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the databases are and how to reach them. Passwords have no defaults: the app refuses to start
 * without them (files foobar.db.app-password, foobar.db.migrate-password, foobar.db.truststore-password in
 * FOOBAR_SECRETS_DIR). Each account also shows its own certificate, from a PKCS12 key store under the trust
 * store's password (FOOBAR_DB_APP_KEYSTORE, FOOBAR_DB_MIGRATE_KEYSTORE).
 */
@Validated
@ConfigurationProperties("foobar.db")
record DatabaseProperties(
		@NotBlank String primary,
		@NotBlank String replica,
		@NotBlank String name,
		@NotBlank String appUser,
		@NotBlank String appPassword,
		@NotBlank String migrateUser,
		@NotBlank String migratePassword,
		@NotBlank String truststore,
		@NotBlank String truststorePassword,
		@NotBlank String appKeystore,
		@NotBlank String migrateKeystore,
		@DefaultValue("5s") Duration lagThreshold,
		@DefaultValue("500ms") Duration causalWait,
		@DefaultValue("1s") Duration checkInterval,
		@DefaultValue("10") int primaryPoolSize,
		@DefaultValue("10") int replicaPoolSize,
		Map<String, String> driver) {

	/**
	 * Extra Connector/J properties for both pools ({@code foobar.db.driver.NAME=VALUE}), for tuning and for the
	 * tests' statement recorder. The TLS settings are applied after them: no property turns verification off.
	 */
	DatabaseProperties {
		driver = (driver != null) ? Map.copyOf(driver) : Map.of();
	}

}
