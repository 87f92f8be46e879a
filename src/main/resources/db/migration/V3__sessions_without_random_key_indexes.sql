-- Sessions are found by primary key: a token carries its row id, and the stored SHA-256 of the
-- token's secret is compared by the service (see SessionTokens). Public ids are looked up among
-- one user's sessions through ix_sessions_user_expires. Neither needs an index of its own.
--
-- Why drop them: an index over random values puts every insert, lookup and delete on a random
-- page. Once the table outgrows the buffer pool each one is a disk read; on 2 M sessions with
-- MariaDB's default 128 MB pool, deleting expired rows cost 2.6 page reads per row with these
-- two indexes and 0.1 without (2,000 against 10,000 rows/s, README "Design notes").
--
-- Tokens issued before this migration no longer parse: their holders log in again.
ALTER TABLE sessions
    DROP INDEX uk_sessions_token_hash,
    DROP INDEX uk_sessions_public_id;
