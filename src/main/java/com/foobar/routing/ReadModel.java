package com.foobar.routing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Marks the {@link org.springframework.jdbc.core.simple.JdbcClient} for read models: each query runs on its own
 * autocommit connection from the routing DataSource, so it goes where a read-only transaction would (the replica
 * when it is healthy and has this session's last write, else the primary) but costs one round trip instead of the
 * four of a transaction (SET autocommit, query, COMMIT, SET autocommit). For pages that read, never for writes.
 */
@Qualifier
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD })
public @interface ReadModel {

}
