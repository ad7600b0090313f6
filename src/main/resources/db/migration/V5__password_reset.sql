-- A forgotten password's reset, started by the operator (bin/foobar accounts reset): the SHA-256 of a one-time code
-- the operator gives the owner out of band, when it stops being valid (UTC), and whether using it also turns the
-- second factor off (a lost authenticator, the owner's identity proven to the operator). One pending reset per
-- account; using it clears all three.
ALTER TABLE account
    ADD COLUMN reset_code_hash CHAR(64) NULL,
    ADD COLUMN reset_expires_at DATETIME(6) NULL,
    ADD COLUMN reset_clears_second_factor BOOLEAN NOT NULL DEFAULT FALSE;
