package dev.cloakroom.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cloakroom.Database;
import dev.cloakroom.events.EndedSession;
import dev.cloakroom.events.EventFeed;
import dev.cloakroom.events.EventType;
import dev.cloakroom.events.SessionEvent;
import dev.cloakroom.testsupport.SessionRows;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pruner's expiry events: one per chunk, naming the users' sessions it deleted, never a guest's. */
@QuarkusTest
class ExpiryEventsTest {

    @Inject
    ExpiredSessionPruner pruner;

    @Inject
    ChunkHookStatements statements;

    @Inject
    PruneConfig config;

    @Inject
    SessionRows rows;

    @Inject
    Database database;

    @Inject
    EventFeed feed;

    private long cursor;
    private long userId;

    @BeforeEach
    void startFromNoExpiredSessionsAndTheEndOfTheEvents() throws SQLException {
        rows.removeAllExpired();
        cursor = drain(0).stream().mapToLong(SessionEvent::cursor).max().orElse(0);
        userId = ThreadLocalRandom.current().nextLong(1_000_000_000L, 2_000_000_000L);
    }

    @AfterEach
    void removeHook() {
        statements.betweenReadAndDelete(null);
    }

    private List<SessionEvent> drain(long after) {
        List<SessionEvent> all = new ArrayList<>();
        while (true) {
            EventFeed.Page page = feed.after(after, 1000);
            if (page.events().isEmpty()) {
                return all;
            }
            all.addAll(page.events());
            after = page.next();
        }
    }

    /** Gives every second of these sessions to the test's user; answers the public ids of those. */
    private Set<String> giveEverySecondToTheUser(List<Long> ids) {
        Set<String> publicIds = new HashSet<>();
        for (int i = 0; i < ids.size(); i += 2) {
            database.update("UPDATE sessions SET user_id = ? WHERE id = ?", userId, ids.get(i));
            publicIds.add(publicIdOf(ids.get(i)));
        }
        return publicIds;
    }

    private String publicIdOf(long id) {
        return (String) database.single("SELECT public_id FROM sessions WHERE id = ?", id);
    }

    private List<SessionEvent> expiryEventsSince() {
        return drain(cursor).stream().filter(event -> event.type() == EventType.EXPIRE).toList();
    }

    @Test
    void eachChunkWritesOneEventNamingTheUsersSessionsItDeletedAndNoGuests() throws SQLException {
        List<Long> expired = rows.insertExpired(40);
        Set<String> users = giveEverySecondToTheUser(expired);
        Set<String> guests = new HashSet<>();
        for (int i = 1; i < expired.size(); i += 2) {
            guests.add(publicIdOf(expired.get(i)));
        }

        PruneRun run = pruner.run(RunSettingsBuilder.of(config).chunkSize(8).pauseFactor(0).build()).orElseThrow();

        assertEquals(40, run.deleted());
        List<SessionEvent> events = expiryEventsSince();
        List<EndedSession> named = events.stream().flatMap(event -> event.ended().stream()).toList();
        assertEquals(users, new HashSet<>(named.stream().map(EndedSession::sessionId).toList()));
        assertEquals(users.size(), named.size(), "each session named once");
        assertTrue(named.stream().allMatch(ended -> ended.userId() == userId));
        assertTrue(named.stream().noneMatch(ended -> guests.contains(ended.sessionId())));
        assertEquals(run.chunks(), events.size(), "one event per chunk (every chunk here held a user's session)");
        for (SessionEvent event : events) {
            assertNull(event.userId());
            assertNull(event.sessionId());
            assertTrue(event.ended().size() <= 4, "a chunk of 8 rows holds at most 4 of the user's");
        }
    }

    @Test
    void aChunkOfGuestSessionsOnlyWritesNoEvent() throws SQLException {
        rows.insertExpired(5);

        PruneRun run = pruner.run(RunSettingsBuilder.of(config).chunkSize(100).pauseFactor(0).build()).orElseThrow();

        assertEquals(5, run.deleted());
        assertEquals(List.of(), expiryEventsSince());
    }

    @Test
    void aSessionTouchedBetweenTheReadAndTheDeleteIsNeitherDeletedNorNamed() throws SQLException {
        List<Long> expired = rows.insertExpired(6);
        giveEverySecondToTheUser(expired);
        long touched = expired.get(2);
        String touchedPublicId = publicIdOf(touched);
        statements.betweenReadAndDelete(candidates -> {
            if (ChunkHookStatements.covers(candidates, touched)) {
                rows.moveExpiry(touched, Instant.now().plusSeconds(600));
            }
        });

        pruner.run(RunSettingsBuilder.of(config).chunkSize(100).pauseFactor(0).build()).orElseThrow();

        assertTrue(rows.exists(touched));
        List<SessionEvent> events = expiryEventsSince();
        assertEquals(1, events.size());
        assertEquals(2, events.get(0).ended().size());
        assertFalse(events.get(0).ended().stream().anyMatch(ended -> ended.sessionId().equals(touchedPublicId)));
    }
}
