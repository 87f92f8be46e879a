-- Push delivery of session events to a webhook: how far it got, and its lease.

-- One row per delivery target. delivered_through is the cursor (session_events.seq) of the last
-- event the endpoint acknowledged; failures and retry_at hold the back-off after a failed one.
CREATE TABLE event_deliveries (
    name              VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    delivered_through BIGINT      NOT NULL,
    failures          INT         NOT NULL,
    retry_at          DATETIME(6) NOT NULL,
    PRIMARY KEY (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

INSERT INTO event_deliveries (name, delivered_through, failures, retry_at)
VALUES ('webhook', 0, 0, '1970-01-01 00:00:00');

-- One instance at a time delivers: a lease like the pruner's, in the same table.
INSERT INTO prune_lease (name, holder, lease_until) VALUES ('events-webhook', NULL, '1970-01-01 00:00:00');
