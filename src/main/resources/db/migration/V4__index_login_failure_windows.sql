-- The pruner deletes failure counters whose window has ended, oldest first, a bounded number
-- per run: this index lets it find them without reading the whole table (one row per login name
-- ever tried, which someone guessing names could make large).
ALTER TABLE login_failures ADD KEY ix_login_failures_window (window_started_at);
