-- What the pruner of expired sessions keeps: a report per run, and the lease that lets only
-- one instance prune at a time.

-- One row per prune run that took the lease, written when the run ends. The pruner trims the
-- table to cloakroom.prune.keep-runs rows itself.
CREATE TABLE prune_runs (
    id              BIGINT       NOT NULL AUTO_INCREMENT,
    instance        VARCHAR(255) NOT NULL,
    started_at      DATETIME(6)  NOT NULL,
    finished_at     DATETIME(6)  NOT NULL,
    deleted         BIGINT       NOT NULL,
    chunks          INT          NOT NULL,
    -- done, time-budget, backpressure, shutdown, error
    stopped_because VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    PRIMARY KEY (id),
    -- newest first: ORDER BY started_at DESC, id DESC walks this index backwards
    KEY ix_prune_runs_started_at (started_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- The lease: one row, taken by a conditional UPDATE and compared against the database's clock,
-- so the clocks of the instances never matter. A row instead of GET_LOCK because GET_LOCK is
-- local to one node on Galera clusters and needs a reserved connection on Vitess; an UPDATE
-- of one row means the same thing on MySQL, MariaDB, Galera and TiDB.
CREATE TABLE prune_lease (
    name        VARCHAR(32)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    holder      VARCHAR(255) NULL,
    lease_until DATETIME(6)  NOT NULL,
    PRIMARY KEY (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

INSERT INTO prune_lease (name, holder, lease_until) VALUES ('prune', NULL, '1970-01-01 00:00:00');
