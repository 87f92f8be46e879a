package dev.cloakroom.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cloakroom.Database;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An event is written in the transaction of its change, or not at all. */
@QuarkusTest
class EventOutboxTest {

    @Inject
    EventOutbox outbox;

    @Inject
    Database database;

    private static NewEvent logout(String sessionId) {
        return NewEvent.ended(EventType.LOGOUT, Instant.now(), 1L, sessionId, List.of(sessionId));
    }

    private static String newSessionId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 22);
    }

    @Test
    void aCommittedChangeHasItsEvent() {
        String sessionId = newSessionId();

        QuarkusTransaction.requiringNew().run(() -> outbox.record(logout(sessionId)));

        assertEquals(1, database.number("SELECT COUNT(*) FROM session_events WHERE session_id = ?", sessionId));
        assertEquals(sessionId + ":1",
                database.single("SELECT ended_sessions FROM session_events WHERE session_id = ?", sessionId));
    }

    @Test
    void aRolledBackChangeLeavesNoEvent() {
        String sessionId = newSessionId();

        assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            outbox.record(logout(sessionId));
            throw new IllegalStateException("the change failed after its event was written");
        }));

        assertEquals(0, database.number("SELECT COUNT(*) FROM session_events WHERE session_id = ?", sessionId));
    }

    @Test
    void anEventIsNeverWrittenOutsideTheTransactionOfItsChange() {
        String sessionId = newSessionId();

        assertThrows(TransactionalException.class, () -> outbox.record(logout(sessionId)));

        assertEquals(0, database.number("SELECT COUNT(*) FROM session_events WHERE session_id = ?", sessionId));
    }

}
