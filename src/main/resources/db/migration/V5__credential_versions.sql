-- A password change must end every session opened with the old password, including one whose
-- login checked the old password just before the change committed (the login's own transaction
-- cannot see the change coming). Each user carries a credential version that a password change
-- moves on; each session keeps the version its password check saw, and is live only while the
-- two are equal. Both columns are appended with a default, an instant change on MariaDB 10.3+
-- and MySQL 8.0, whatever the size of the sessions table.
ALTER TABLE users ADD COLUMN credential_version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN credential_version BIGINT NOT NULL DEFAULT 0;
