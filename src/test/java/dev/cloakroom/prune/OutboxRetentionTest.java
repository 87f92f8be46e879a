package dev.cloakroom.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cloakroom.Database;
import dev.cloakroom.events.EventsConfig;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The pruner deletes session events past cloakroom.events.retention, in chunks, and keeps the rest. */
@QuarkusTest
class OutboxRetentionTest {

    @Inject
    ExpiredSessionPruner pruner;

    @Inject
    PruneConfig config;

    @Inject
    EventsConfig events;

    @Inject
    Database database;

    private void insertEvent(String marker, Instant occurredAt) {
        database.update("INSERT INTO session_events (type, occurred_at, user_id, session_id) VALUES ('logout', ?, 1, ?)",
                occurredAt, marker);
    }

    private long count(String marker) {
        return database.number("SELECT COUNT(*) FROM session_events WHERE session_id = ?", marker);
    }

    @Test
    void eventsPastTheirRetentionAreDeletedInChunksAndYoungerOnesKept() throws SQLException {
        assertEquals(Duration.ofDays(7), events.retention(), "the default retention");
        String old = UUID.randomUUID().toString().substring(0, 22);
        String young = UUID.randomUUID().toString().substring(0, 22);
        Instant now = Instant.now();
        for (int i = 0; i < 7; i++) {
            insertEvent(old, now.minus(Duration.ofDays(8)).minusSeconds(i));
        }
        insertEvent(young, now.minus(Duration.ofDays(6)));
        insertEvent(young, now);

        pruner.run(RunSettingsBuilder.of(config).chunkSize(2).pauseFactor(0).build()).orElseThrow();

        assertEquals(0, count(old));
        assertEquals(2, count(young));
    }
}
