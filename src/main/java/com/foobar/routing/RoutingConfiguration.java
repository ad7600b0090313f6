package com.foobar.routing;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.BiConsumer;

import javax.sql.DataSource;

import jakarta.persistence.EntityManagerFactory;

import com.zaxxer.hikari.HikariConfig;
import com.mysql.cj.jdbc.MysqlDataSource;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.PropertyElf;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.jdbc.config.annotation.SpringSessionDataSource;
import org.springframework.session.jdbc.config.annotation.SpringSessionTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Two named Hikari pools ({@code primary}, {@code replica}) over verified TLS, and the application's DataSource:
 * Spring's {@link LazyConnectionDataSourceProxy}, which sends read-only transactions to {@link RoutingDataSource}
 * and everything else to the primary. Flyway uses its own schema-changing account; Spring Session uses the
 * primary directly, through a pool of its own (sessions are written on every request and must never be read
 * from a lagging copy).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(DatabaseProperties.class)
class RoutingConfiguration {

	/**
	 * A frozen or black-holed writer: a write, or a signed-in page's session, gets the 503 page within about 3 s
	 * instead of hanging, and the monitor's heartbeat sees the writer down, so reads go on from the reader. 1.2 s,
	 * which Connector/J over TLS makes about 2.4 s (measured, WriterGrayFailureIT); every statement on the writer
	 * is a single-row write or a bounded read. Flyway's migrations have no such limit.
	 */
	private static final int PRIMARY_SOCKET_TIMEOUT = 1200;

	/**
	 * Every statement of the app is cut off by the server after a second (its waits for locks included, see
	 * ReplicationDialect): its queries take milliseconds (BoundedReadsIT), so one that runs this long is stuck, and
	 * the server stops working on it, reports it with an error of its own (DatabaseUnavailable logs it and answers
	 * the 503 page) and frees its locks. Below the primary's socket timeout, so that error comes before the cut.
	 */
	static final Duration STATEMENT_LIMIT = Duration.ofSeconds(1);

	@Bean
	DatabaseRoles databaseRoles(DatabaseProperties db) {
		return new DatabaseRoles(db.primary(), db.replica());
	}

	@Bean
	HikariDataSource primaryPool(DatabaseRoles roles, DatabaseProperties db, ReplicationDialect dialect) {
		return pool("primary", true, roles, db, dialect, db.primaryPoolSize(), 2000, PRIMARY_SOCKET_TIMEOUT, true);
	}

	/**
	 * The monitor's heartbeat, a connection of its own that is waited for a quarter of a second at most: from the
	 * writer's pool, a heartbeat to a killed writer waited that pool's 2 s for a connection that could not be made,
	 * every check, and so saw a promotion up to 3 s late (writes failed for 5.4 s in a failover, FailoverStackIT).
	 */
	@Bean
	HikariDataSource heartbeatPool(DatabaseRoles roles, DatabaseProperties db, ReplicationDialect dialect) {
		return pool("heartbeat", true, roles, db, dialect, 1, 250, PRIMARY_SOCKET_TIMEOUT, true);
	}

	/**
	 * Spring Session's own pool on the primary, its connections with autocommit off from the start: each of its
	 * transactions (a signed-in page has three: load, save, and the reload Spring Session does after a save) is
	 * then its statement and a COMMIT, not SET autocommit=0, statement, COMMIT, SET autocommit=1. Its own pool,
	 * because every other user of the primary relies on autocommit (heartbeats, reads that fell back).
	 */
	@Bean
	@SpringSessionDataSource
	HikariDataSource sessionPool(DatabaseRoles roles, DatabaseProperties db, ReplicationDialect dialect) {
		return pool("session", true, roles, db, dialect, db.primaryPoolSize(), 2000, PRIMARY_SOCKET_TIMEOUT, false);
	}

	/**
	 * Short timeouts: a dead replica must cost a read half a second at most before it falls back to the primary,
	 * and a frozen or black-holed one (it takes connections and never answers) about a second: every statement
	 * there, the monitor's included, is cut off (socketTimeout 500 ms, which Connector/J over TLS turned into 1.0 s
	 * in every measurement here; ReplicaGrayFailureIT prints it). The app's reads are bounded (BoundedReadsIT):
	 * milliseconds each. A causal wait cut off this way falls back to the primary like one that timed out. The
	 * statement limit then stops on the server what the app gave up on.
	 */
	@Bean
	HikariDataSource replicaPool(DatabaseRoles roles, DatabaseProperties db, ReplicationDialect dialect) {
		return pool("replica", false, roles, db, dialect, db.replicaPoolSize(), 500, 500, true);
	}

	@Bean
	@FlywayDataSource
	DataSource migrationDataSource(DatabaseProperties db) {
		// Unpooled: used at start-up only, by Flyway and to read the server's version. The TLS settings are
		// connection properties, not URL parameters: Flyway logs the URL, and the trust store's password with it.
		DriverManagerDataSource migration = new DriverManagerDataSource(url(db.primary(), db), db.migrateUser(),
				db.migratePassword());
		Properties properties = new Properties();
		properties.setProperty("connectTimeout", "10000");
		tls(db, db.migrateKeystore(), properties::put);
		migration.setConnectionProperties(properties);
		return migration;
	}

	@Bean
	ServerVersion serverVersion(@Qualifier("migrationDataSource") DataSource migration) throws SQLException {
		return ServerVersion.read(migration);
	}

	@Bean
	ReplicationDialect replicationDialect(ServerVersion version) {
		return version.isMariaDb() ? ReplicationDialect.MARIADB : ReplicationDialect.MYSQL;
	}

	@Bean
	ReplicaMonitor replicaMonitor(HikariDataSource heartbeatPool, HikariDataSource replicaPool, DatabaseRoles roles,
			ReplicationDialect dialect, DatabaseProperties db, @Value("${foobar.instance}") String instance,
			MeterRegistry registry) {
		return new ReplicaMonitor(heartbeatPool, replicaPool, roles, dialect, db, instance, registry);
	}

	@Bean
	RoutingDataSource routingDataSource(HikariDataSource primaryPool, HikariDataSource replicaPool,
			ReplicaMonitor monitor, ReplicationDialect dialect, DatabaseProperties db, MeterRegistry registry) {
		return new RoutingDataSource(primaryPool, replicaPool, monitor, dialect, db, new RoutingMetrics(registry));
	}

	@Bean
	@Primary
	DataSource dataSource(HikariDataSource primaryPool, RoutingDataSource routingDataSource,
			ReplicationDialect dialect) {
		LazyConnectionDataSourceProxy proxy = new LazyConnectionDataSourceProxy(
				new GtidCapturingDataSource(primaryPool, dialect));
		proxy.setReadOnlyDataSource(routingDataSource);
		return proxy;
	}

	/** The outermost advice, around the transaction interceptor, so that a retry gets a transaction of its own. */
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static Advisor readOnlyRetry(ObjectProvider<RoutingDataSource> routing) {
		DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(ReadOnlyRetry.READ_ONLY, new ReadOnlyRetry(routing));
		advisor.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return advisor;
	}

	@Bean
	@ReadModel
	JdbcClient readModelClient(RoutingDataSource routingDataSource) {
		return JdbcClient.create(ReplicaFailover.around(new JdbcTemplate(routingDataSource), routingDataSource));
	}

	/** The application's transactions (JPA over the routing DataSource). Declared because the session's own
	 * transaction manager below would otherwise make Boot back off from creating it. */
	@Bean
	@Primary
	JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
		return new JpaTransactionManager(entityManagerFactory);
	}

	/** Spring Session's repository, wrapped: no reading back of the session just saved, no write of a mere touch. */
	@Bean
	static BeanPostProcessor savedSessionReuse() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String name) {
				return (bean instanceof JdbcIndexedSessionRepository repository) ? new SavedSessionReuse(repository)
						: bean;
			}
		};
	}

	@Bean
	FilterRegistrationBean<OncePerRequestFilter> savedSessionScope() {
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
				SavedSessionReuse.requestScope());
		registration.setOrder(SavedSessionReuse.SCOPE_ORDER);
		return registration;
	}

	@Bean(defaultCandidate = false)
	@SpringSessionTransactionManager
	PlatformTransactionManager sessionTransactionManager(HikariDataSource sessionPool) {
		return new DataSourceTransactionManager(sessionPool);
	}

	/**
	 * A pool for a role (the writer's or the reader's) that follows DatabaseRoles: a new connection goes to the node
	 * that plays the role now, and a swap evicts the ones it holds (in use ones when they are given back).
	 * socketTimeoutMillis: how long a statement may wait for the server's answer (0: for ever).
	 */
	private static HikariDataSource pool(String name, boolean writerRole, DatabaseRoles roles, DatabaseProperties db,
			ReplicationDialect dialect, int size, long connectionTimeoutMillis, int socketTimeoutMillis,
			boolean autoCommit) {
		HikariConfig config = new HikariConfig();
		config.setPoolName(name);
		config.setAutoCommit(autoCommit);
		config.setMaximumPoolSize(size);
		config.setMinimumIdle(Math.min(2, size));
		config.setConnectionTimeout(connectionTimeoutMillis);
		// Checking an idle connection must not outlast the wait for one (Hikari's default is 5 s).
		config.setValidationTimeout(Math.max(250, Math.min(500, connectionTimeoutMillis / 2)));
		// Start even while a database is down: readiness reports it, reads fall back, pages answer 503.
		config.setInitializationFailTimeout(-1);
		Properties driver = new Properties();
		driver.setProperty("user", db.appUser());
		driver.setProperty("password", db.appPassword());
		driver.setProperty("socketTimeout", String.valueOf(socketTimeoutMillis));
		driver.setProperty("sessionVariables", dialect.sessionLimits(STATEMENT_LIMIT));
		driver.setProperty("connectTimeout", "3000");
		// Round trips and CPU per statement: track autocommit and transaction state in the driver instead of
		// sending what the server already has, keep SET TRANSACTION READ ONLY off the wire (routing, not the
		// server, decides where a read goes; the replica is read-only anyway), and parse each statement once.
		driver.setProperty("useLocalSessionState", "true");
		driver.setProperty("useLocalTransactionState", "true");
		driver.setProperty("readOnlyPropagatesToServer", "false");
		driver.setProperty("cachePrepStmts", "true");
		driver.setProperty("cacheResultSetMetadata", "true");
		driver.setProperty("cacheServerConfiguration", "true");
		driver.putAll(db.driver());
		tls(db, db.appKeystore(), driver::put);
		// A DataSource, not a JDBC URL: with a URL, Hikari sets its connection timeout as DriverManager's login
		// timeout, which is global to the JVM, so the last pool made (the replica's, 1 s) bounded every login of
		// every pool and of Flyway, TLS handshake included; on a loaded machine first logins failed (BoundedReadsIT,
		// the first to start an app in its JVM, failed so in CI). connectTimeout above bounds each pool's own.
		List<DataSource> nodes = new ArrayList<>();
		for (String hostPort : List.of(db.primary(), db.replica())) {
			MysqlDataSource node = new MysqlDataSource();
			driver.setProperty("URL", url(hostPort, db));
			PropertyElf.setTargetFromProperties(node, driver);
			nodes.add(node);
		}
		config.setDataSource(new RoleDataSource(roles, writerRole, nodes));
		HikariDataSource pool = new HikariDataSource(config);
		roles.onSwap(() -> pool.getHikariPoolMXBean().softEvictConnections());
		return pool;
	}

	private static String url(String hostPort, DatabaseProperties db) {
		return "jdbc:mysql://" + hostPort + "/" + db.name()
				+ "?connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true&characterEncoding=UTF-8";
	}

	/**
	 * Verified TLS to the database, set last so that no other property turns verification off, with the account's
	 * own certificate (the accounts require it: mysql/mariadb/accounts.sql). Connector/J reads both stores at each
	 * new connection, so renewed files reach a pool as it renews its connections.
	 */
	private static void tls(DatabaseProperties db, String keystore, BiConsumer<String, Object> property) {
		property.accept("sslMode", "VERIFY_IDENTITY");
		property.accept("trustCertificateKeyStoreUrl", "file:" + db.truststore());
		property.accept("trustCertificateKeyStoreType", "PKCS12");
		property.accept("trustCertificateKeyStorePassword", db.truststorePassword());
		property.accept("clientCertificateKeyStoreUrl", "file:" + keystore);
		property.accept("clientCertificateKeyStoreType", "PKCS12");
		property.accept("clientCertificateKeyStorePassword", db.truststorePassword());
	}

}
