-- When the session's user last proved who they are by typing the password: a login, a password
-- change, a reauthentication (POST /sessions/current/reauthenticate). A step-up check compares
-- it with the age an action allows (GET /sessions/current?maxAuthAge=...). NULL for a guest
-- session, which has never been authenticated. Appended without a default: an instant change
-- on MariaDB 10.3+ and MySQL 8.0, whatever the size of the table.
ALTER TABLE sessions ADD COLUMN authenticated_at DATETIME(6) NULL;

-- Sessions opened before this migration: a login always opens a new session, so created_at is
-- when the user typed the password, or earlier when a password change has since kept the row
-- under a new token. It is never later than the truth, so a step-up check on such a session
-- errs towards asking for the password again, never towards letting an old login through.
-- Only live user sessions are written (found through ix_sessions_user_expires); an expired
-- row is never read again and is left to the pruner.
UPDATE sessions SET authenticated_at = created_at
WHERE user_id IS NOT NULL AND expires_at > UTC_TIMESTAMP(6);
