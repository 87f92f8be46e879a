-- The outbox of session lifecycle events (logins, logouts, revocations, expiry...). Each row is
-- written in the transaction that makes the change it describes, so a committed change always
-- has its event and a rolled-back one never does. Rows carry session public ids, never tokens.
--
-- Delivery order is seq, not id. AUTO_INCREMENT ids are handed out when a row is inserted, but
-- transactions commit in any order: a reader that has seen id 11 may later find id 10
-- committed. So a committed event gets its seq afterwards, from one sequencer at a time
-- (event_sequence below serialises them); writers never wait for each other. A reader that has
-- seen seq n can never later meet a smaller seq. docs/events.md says why.
CREATE TABLE session_events (
    id                  BIGINT      NOT NULL AUTO_INCREMENT,
    -- NULL until sequenced; then unique, increasing in commit order of the sequencing
    seq                 BIGINT      NULL,
    type                VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    occurred_at         DATETIME(6) NOT NULL,
    -- the user the event is about; NULL for an expiry chunk, which lists a user per session
    user_id             BIGINT      NULL,
    -- the session the event happened in or to (the new one for a login)
    session_id          CHAR(22)    CHARACTER SET ascii COLLATE ascii_bin NULL,
    -- a login's rotated-from session
    previous_session_id CHAR(22)    CHARACTER SET ascii COLLATE ascii_bin NULL,
    -- sessions the event ended, as "publicId:userId" separated by spaces (userId empty for a guest)
    ended_sessions      MEDIUMTEXT  CHARACTER SET ascii COLLATE ascii_bin NULL,
    PRIMARY KEY (id),
    -- not unique: event_sequence already makes seq unique, and a unique check would take gap locks
    KEY ix_session_events_seq (seq),
    KEY ix_session_events_occurred_at (occurred_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- The last seq handed out. Only sequencers lock this row, never the writers of events.
CREATE TABLE event_sequence (
    name     VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    last_seq BIGINT      NOT NULL,
    PRIMARY KEY (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

INSERT INTO event_sequence (name, last_seq) VALUES ('session_events', 0);
