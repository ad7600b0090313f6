package com.foobar.routing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class HibernateDialectCustomizerTests {

	@Test
	void mariaDbSeenThroughConnectorJIsMariaDbNotMySql55() {
		assertThat(HibernateDialectCustomizer.settings(new ServerVersion("5.5.5-10.11.19-MariaDB-0+deb12u1")))
			.containsEntry("jakarta.persistence.database-product-name", "MariaDB")
			.containsEntry("jakarta.persistence.database-major-version", "10")
			.containsEntry("jakarta.persistence.database-minor-version", "11");
	}

	@Test
	void mySql84IsMySql84() {
		assertThat(HibernateDialectCustomizer.settings(new ServerVersion("8.4.3")))
			.containsEntry("jakarta.persistence.database-product-name", "MySQL")
			.containsEntry("jakarta.persistence.database-major-version", "8")
			.containsEntry("jakarta.persistence.database-minor-version", "4");
	}

	@Test
	void anUnknownVersionFailsStartUpClearly() {
		assertThatIllegalStateException().isThrownBy(() -> HibernateDialectCustomizer.settings(new ServerVersion("x")))
			.withMessageContaining("x");
	}

}
