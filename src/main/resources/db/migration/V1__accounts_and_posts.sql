-- Accounts and their posts. Times are UTC (DATETIME(6); the connection's time zone is forced to UTC).
CREATE TABLE account (
    id            BIGINT       NOT NULL AUTO_INCREMENT,
    handle        VARCHAR(30)  NOT NULL,
    email         VARCHAR(254) NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    created_at    DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_account_handle (handle),
    UNIQUE KEY uk_account_email (email)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE post (
    id         BIGINT       NOT NULL AUTO_INCREMENT,
    author_id  BIGINT       NOT NULL,
    title      VARCHAR(200) NOT NULL,
    body       MEDIUMTEXT   NOT NULL,
    format     VARCHAR(10)  NOT NULL,
    created_at DATETIME(6)  NOT NULL,
    updated_at DATETIME(6)  NOT NULL,
    version    INT          NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    KEY ix_post_created (created_at, id),
    KEY ix_post_author_created (author_id, created_at, id),
    CONSTRAINT fk_post_author FOREIGN KEY (author_id) REFERENCES account (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- One row per app instance, rewritten every second on the primary: its age on the replica is the replica's lag.
CREATE TABLE heartbeat (
    instance VARCHAR(64) NOT NULL,
    beat     DATETIME(6) NOT NULL,
    PRIMARY KEY (instance)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
