package com.foobar.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.foobar.support.TestStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;

/** Three instances starting at once against an empty schema migrate it exactly once. */
@ExtendWith(OutputCaptureExtension.class)
class MigrationIT {

	private static final String SCHEMA = "foobar_migration_it";

	private final List<ConfigurableApplicationContext> apps = new ArrayList<>();

	@BeforeEach
	void emptySchema() {
		TestStack.sql("primary", "DROP DATABASE IF EXISTS " + SCHEMA + "; CREATE DATABASE " + SCHEMA
				+ "; GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, DROP, INDEX, REFERENCES ON " + SCHEMA
				+ ".* TO 'foobar_migrate'@'%' WITH GRANT OPTION");
	}

	@AfterEach
	void dropSchema() {
		this.apps.forEach(ConfigurableApplicationContext::close);
		// Table grants outlive a dropped database: the app's in the scratch schema go with it.
		TestStack.sql("primary", "REVOKE ALL PRIVILEGES ON " + SCHEMA + ".* FROM 'foobar_migrate'@'%';"
				+ " REVOKE GRANT OPTION ON " + SCHEMA + ".* FROM 'foobar_migrate'@'%';" + " DELETE FROM mysql.tables_priv WHERE Db = '" + SCHEMA + "'; FLUSH PRIVILEGES; DROP DATABASE " + SCHEMA);
	}

	@Test
	void threeInstancesStartingTogetherMigrateOnce(CapturedOutput output) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(3);
		List<Future<ConfigurableApplicationContext>> starts = new ArrayList<>();
		for (int i = 1; i <= 3; i++) {
			String name = "migration-" + i;
			starts.add(pool.submit(() -> TestStack.startApp(name, "--foobar.db.name=" + SCHEMA)));
		}
		for (Future<ConfigurableApplicationContext> start : starts) {
			this.apps.add(start.get());
		}
		pool.shutdown();

		int migrations = new PathMatchingResourcePatternResolver().getResources("classpath:db/migration/V*.sql").length;
		String applied = TestStack.sql("primary", "SELECT version, COUNT(*) FROM " + SCHEMA
				+ ".flyway_schema_history WHERE success = 1 AND version IS NOT NULL GROUP BY version ORDER BY version");
		assertThat(applied.lines()).hasSize(migrations).allMatch(line -> line.endsWith("\t1"));
		// afterMigrate.sql gave the app its rights on every table the migrations made, and none on their record.
		String tables = TestStack.sql("primary", "SELECT table_name FROM information_schema.tables WHERE table_schema = '"
				+ SCHEMA + "' AND table_name <> 'flyway_schema_history' ORDER BY 1");
		String granted = TestStack.sql("primary", "SELECT Table_name FROM mysql.tables_priv WHERE Db = '" + SCHEMA
				+ "' AND User = 'foobar_app' AND Table_priv = 'Select,Insert,Update,Delete' ORDER BY 1");
		assertThat(granted.lines()).hasSizeGreaterThanOrEqualTo(5).containsExactlyInAnyOrderElementsOf(tables.lines().toList());
		// Hibernate was told the real server (no "MySQL 5.5" guess, no redundant dialect setting).
		assertThat(output.getAll()).doesNotContain("HHH000511", "HHH90000025", "HHH90000026");
		// Flyway logs the JDBC URL; no secret is in it (the trust store's password once was).
		assertThat(output.getAll()).contains("jdbc:mysql://")
			.doesNotContain(this.apps.getFirst().getEnvironment().getProperty("foobar.db.truststore-password"))
			.doesNotContain("Password=");
	}

}
