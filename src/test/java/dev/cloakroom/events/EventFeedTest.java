package dev.cloakroom.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cloakroom.Database;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The outbox and its cursor, at the store: transactions, commit order, concurrent sequencers. */
@QuarkusTest
class EventFeedTest {

    @Inject
    EventOutbox outbox;

    @Inject
    EventFeed feed;

    @Inject
    Database database;

    /** A public id no other event has: 22 characters, like the real ones. */
    private static String newSessionId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 22);
    }

    private static NewEvent logout(String sessionId) {
        return NewEvent.ended(EventType.LOGOUT, Instant.now(), 1L, sessionId, List.of(sessionId));
    }

    /** Every event after {@code cursor}, page by page; the last element's cursor is where it ended. */
    private List<SessionEvent> drain(long cursor) {
        List<SessionEvent> all = new ArrayList<>();
        while (true) {
            EventFeed.Page page = feed.after(cursor, 1000);
            if (page.events().isEmpty()) {
                return all;
            }
            all.addAll(page.events());
            cursor = page.next();
        }
    }

    private long end() {
        List<SessionEvent> all = drain(0);
        return all.isEmpty() ? 0 : all.get(all.size() - 1).cursor();
    }

    private static List<String> sessionIds(List<SessionEvent> events) {
        return events.stream().map(SessionEvent::sessionId).toList();
    }

    @Test
    void aCursorNeverSkipsAnEventCommittedAfterALaterOne() throws Exception {
        String early = newSessionId();
        String late = newSessionId();
        long cursor = end();
        CountDownLatch earlyWritten = new CountDownLatch(1);
        CountDownLatch mayCommit = new CountDownLatch(1);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            // the first transaction takes the lower id, and commits last
            Future<?> first = thread.submit(() -> QuarkusTransaction.requiringNew().run(() -> {
                outbox.record(logout(early));
                earlyWritten.countDown();
                await(mayCommit);
            }));
            assertTrue(earlyWritten.await(10, TimeUnit.SECONDS));
            QuarkusTransaction.requiringNew().run(() -> outbox.record(logout(late)));
            long lateEventId = database.number("SELECT id FROM session_events WHERE session_id = ?", late);
            assertTrue(database.number("SELECT COUNT(*) FROM session_events WHERE session_id = ?", early) == 0,
                    "the first transaction has not committed yet");

            List<SessionEvent> before = drain(cursor);
            assertEquals(List.of(late), sessionIds(before).stream().filter(id -> id.equals(late) || id.equals(early))
                    .toList());
            long afterLate = before.get(before.size() - 1).cursor();

            mayCommit.countDown();
            first.get(10, TimeUnit.SECONDS);
            long earlyEventId = database.number("SELECT id FROM session_events WHERE session_id = ?", early);
            assertTrue(earlyEventId < lateEventId, "the event committed last has the lower id");

            List<SessionEvent> after = drain(afterLate);
            assertEquals(List.of(early), sessionIds(after).stream().filter(id -> id.equals(late) || id.equals(early))
                    .toList());
            assertTrue(after.get(0).cursor() > afterLate);
        } finally {
            mayCommit.countDown();
            thread.shutdownNow();
        }
    }

    @Test
    void concurrentWritersAndReadersGetEveryEventOnceInOneOrder() throws Exception {
        long cursor = end();
        int writers = 4;
        int perWriter = 50;
        Set<String> written = new HashSet<>();
        AtomicBoolean writersDone = new AtomicBoolean();
        ExecutorService threads = Executors.newFixedThreadPool(writers + 2);
        try {
            List<Future<List<String>>> writing = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                writing.add(threads.submit(() -> {
                    List<String> ids = new ArrayList<>();
                    for (int i = 0; i < perWriter; i++) {
                        String id = newSessionId();
                        QuarkusTransaction.requiringNew().run(() -> outbox.record(logout(id)));
                        ids.add(id);
                    }
                    return ids;
                }));
            }
            // two readers sequence while the writers write: each sees every event once, in the same order
            List<Future<List<SessionEvent>>> reading = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                reading.add(threads.submit(() -> {
                    List<SessionEvent> seen = new ArrayList<>();
                    long at = cursor;
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (System.nanoTime() < deadline) {
                        boolean writersWereDone = writersDone.get();
                        EventFeed.Page page = feed.after(at, 37);
                        seen.addAll(page.events());
                        at = page.next();
                        if (page.events().isEmpty() && writersWereDone) {
                            return seen;
                        }
                    }
                    throw new IllegalStateException("the readers did not catch up within a minute");
                }));
            }
            for (Future<List<String>> w : writing) {
                written.addAll(w.get(60, TimeUnit.SECONDS));
            }
            writersDone.set(true);
            List<String> firstOrder = null;
            for (Future<List<SessionEvent>> r : reading) {
                List<String> seen = sessionIds(r.get(90, TimeUnit.SECONDS)).stream().filter(written::contains).toList();
                assertEquals(written.size(), seen.size(), "every event once");
                assertEquals(written, new HashSet<>(seen));
                if (firstOrder == null) {
                    firstOrder = seen;
                } else {
                    assertEquals(firstOrder, seen, "both readers see one order");
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
