-- Cloakroom's schema. Every time column holds UTC; the service writes them itself, so the
-- database server's time zone never matters. No foreign keys: Vitess-style clustered engines
-- do not enforce them, and users are never deleted through the API.

CREATE TABLE users (
    id            BIGINT       NOT NULL AUTO_INCREMENT,
    login_name    VARCHAR(64)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    -- lower-cased login name: the case-insensitive uniqueness rule without relying on a collation
    login_key     VARCHAR(64)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    password_hash VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    role          VARCHAR(16)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    created_at    DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_users_login_key (login_key)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- The auto-increment key keeps rows in creation order, which is close to expiry order:
-- the pruner's deletes then touch neighbouring pages instead of random ones.
CREATE TABLE sessions (
    id                  BIGINT       NOT NULL AUTO_INCREMENT,
    public_id           CHAR(22)     CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    token_hash          BINARY(32)   NOT NULL,
    user_id             BIGINT       NULL,
    data                MEDIUMTEXT   NOT NULL,
    version             BIGINT       NOT NULL,
    created_at          DATETIME(6)  NOT NULL,
    last_seen_at        DATETIME(6)  NOT NULL,
    absolute_expires_at DATETIME(6)  NOT NULL,
    -- the earlier of the idle expiry (last_seen_at + idle timeout) and absolute_expires_at
    expires_at          DATETIME(6)  NOT NULL,
    user_agent          VARCHAR(255) NULL,
    ip                  VARCHAR(45)  CHARACTER SET ascii COLLATE ascii_bin NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_sessions_token_hash (token_hash),
    UNIQUE KEY uk_sessions_public_id (public_id),
    KEY ix_sessions_expires_at (expires_at),
    KEY ix_sessions_user_expires (user_id, expires_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- Failed logins per login name, shared by every instance (the 429 rule).
CREATE TABLE login_failures (
    login_key         VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    failures          INT         NOT NULL,
    window_started_at DATETIME(6) NOT NULL,
    PRIMARY KEY (login_key)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
