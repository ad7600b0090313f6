-- The optional second factor: the TOTP seed an account's authenticator app shares (NULL: none), and the last
-- 30-second step a code was accepted for, so that no code is accepted twice.
ALTER TABLE account
    ADD COLUMN totp_secret VARCHAR(64) NULL,
    ADD COLUMN totp_last_step BIGINT NULL;
