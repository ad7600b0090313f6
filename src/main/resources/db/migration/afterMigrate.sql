-- Flyway runs this after every migration run, as the migrating account: the running app's data rights, table by
-- table, none on flyway_schema_history (with rights on the whole database it could rewrite which migrations ran,
-- or delete the record of one so that it runs again). A migration that adds a table adds its line here.
GRANT SELECT, INSERT, UPDATE, DELETE ON account TO 'foobar_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON post TO 'foobar_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON heartbeat TO 'foobar_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON SPRING_SESSION TO 'foobar_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON SPRING_SESSION_ATTRIBUTES TO 'foobar_app'@'%';
