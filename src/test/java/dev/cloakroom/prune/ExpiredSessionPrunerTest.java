package dev.cloakroom.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cloakroom.Database;
import dev.cloakroom.db.SqlErrors;
import dev.cloakroom.session.LookupLatency;
import dev.cloakroom.testsupport.SessionRows;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pruner against the real database. Each test first removes every expired session, so
 * the expired rows a run finds are exactly the ones the test made.
 */
@QuarkusTest
class ExpiredSessionPrunerTest {

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
    LookupLatency lookupLatency;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void startFromNoExpiredSessions() throws SQLException {
        rows.removeAllExpired();
    }

    @AfterEach
    void removeHook() {
        statements.betweenReadAndDelete(null);
    }

    /** The configured limits, without pauses so the tests stay quick. */
    private RunSettingsBuilder settings(int chunkSize) {
        return RunSettingsBuilder.of(config).chunkSize(chunkSize).pauseFactor(0);
    }

    /**
     * The ids of a chunk's candidates: those it listed, or for a key window that goes by one range
     * delete, the sessions inside its id range at that moment (between the read and the delete).
     */
    private List<Long> idsOf(Candidates candidates) throws SQLException {
        Optional<KeyWindow> range = candidates.range();
        return range.isPresent()
                ? rows.idsBetween(range.get().firstId(), range.get().lastId())
                : candidates.listed().orElseThrow().stream().map(ExpiryKey::id).toList();
    }

    /** The candidate ids of every chunk the next run reads, filled in as it goes. */
    private List<List<Long>> recordChunks() {
        return recordChunks(candidates -> {
        });
    }

    /** As {@link #recordChunks()}, and {@code then} with each chunk's candidates, before their delete. */
    private List<List<Long>> recordChunks(ChunkHookStatements.BetweenReadAndDelete then) {
        List<List<Long>> chunks = new ArrayList<>();
        statements.betweenReadAndDelete(candidates -> {
            chunks.add(idsOf(candidates));
            then.accept(candidates);
        });
        return chunks;
    }

    /**
     * Three expired sessions, then a key window of four more whose second is gone (as a logout
     * would leave it); once the next run has read that window, an expired row appears under the
     * missing id, inside the window's id range.
     */
    private record RowAppearingInAWindow(List<Long> first, List<Long> window, List<List<Long>> chunks) {

        long appeared() {
            return window.get(1);
        }

        /** The three rows the window held when it was read, all expired. */
        List<Long> held() {
            return List.of(window.get(0), window.get(2), window.get(3));
        }
    }

    private RowAppearingInAWindow aRowAppearingInAWindowAfterItsRead() throws SQLException {
        List<Long> first = rows.insertExpired(3);
        List<Long> window = rows.insertExpired(4);
        long gap = window.get(1);
        database.update("DELETE FROM sessions WHERE id = ?", gap);
        List<List<Long>> chunks = recordChunks(candidates -> {
            if (ChunkHookStatements.firstId(candidates) == window.get(0)) {
                rows.insertWithId(gap, Instant.now().minusSeconds(600));
            }
        });
        return new RowAppearingInAWindow(first, window, chunks);
    }

    private PruneRun run(RunSettingsBuilder settings) throws SQLException {
        Optional<PruneRun> run = pruner.run(settings.build());
        assertTrue(run.isPresent(), "the run should have taken the lease");
        return run.get();
    }

    @Test
    void pruneDeletesExpiredSessionsAndKeepsLiveOnes() throws SQLException {
        List<Long> expired = rows.insertExpired(12);
        List<Long> live = rows.insertLive(5);

        PruneRun run = run(settings(5));

        assertEquals(StoppedBecause.DONE, run.stoppedBecause());
        assertEquals(12, run.deleted());
        assertEquals(0, rows.countExisting(expired));
        assertEquals(5, rows.countExisting(live));
    }

    @Test
    void noChunkDeletesMoreThanTheChunkSize() throws SQLException {
        List<Long> expired = rows.insertExpired(23);
        List<Integer> chunkSizes = new ArrayList<>();
        statements.betweenReadAndDelete(candidates -> chunkSizes.add(candidates.count()));

        PruneRun run = run(settings(5));

        assertEquals(List.of(5, 5, 5, 5, 3), chunkSizes);
        assertEquals(5, run.chunks());
        assertEquals(23, run.deleted());
        assertEquals(0, rows.countExisting(expired));
    }

    @Test
    void aBacklogOfWholeChunksTakesExactlyThatManyChunks() throws SQLException {
        rows.insertExpired(20);

        PruneRun run = run(settings(5));

        assertEquals(StoppedBecause.DONE, run.stoppedBecause());
        assertEquals(4, run.chunks());
        assertEquals(20, run.deleted());
    }

    @Test
    void aRunStopsAtItsTimeBudgetAndTheNextRunCarriesOn() throws SQLException {
        List<Long> expired = rows.insertExpired(15);

        // a budget of zero: the run does its first chunk, then finds the budget spent
        PruneRun first = run(settings(5).maxRunTime(Duration.ZERO));

        assertEquals(StoppedBecause.TIME_BUDGET, first.stoppedBecause());
        assertEquals(1, first.chunks());
        assertEquals(5, first.deleted());
        assertEquals(10, rows.countExisting(expired));

        PruneRun next = run(settings(5));

        assertEquals(StoppedBecause.DONE, next.stoppedBecause());
        assertEquals(10, next.deleted());
        assertEquals(0, rows.countExisting(expired));
    }

    @Test
    void pruneNeverDeletesASessionTouchedDuringTheRun() throws SQLException {
        List<Long> expired = rows.insertExpired(10);
        long touched = expired.get(3);
        statements.betweenReadAndDelete(candidates -> {
            if (ChunkHookStatements.covers(candidates, touched)) {
                rows.moveExpiry(touched, java.time.Instant.now().plusSeconds(1800));
            }
        });

        PruneRun run = run(settings(100));

        assertTrue(rows.exists(touched), "the touched session must survive");
        assertEquals(9, run.deleted());
        assertEquals(1, rows.countExisting(expired));
    }

    @Test
    void afterAFullChunkFromTheIndexADenseBacklogIsReadInKeyOrder() throws SQLException {
        // r0, r2, ... r8 expired first; r1, r3, ... r9 later, each before the one inserted before it
        Instant base = Instant.now().minusSeconds(7200);
        List<Long> first = new ArrayList<>();
        List<Long> later = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            if (i % 2 == 0) {
                first.addAll(rows.insert(1, base));
            } else {
                later.addAll(rows.insert(1, base.plusSeconds(3000 - 60L * i)));
            }
        }
        List<List<Long>> chunks = recordChunks();

        PruneRun run = run(settings(5));

        // along the index the second chunk would be r9, r7, ... r1
        assertEquals(List.of(first, later), chunks);
        assertEquals(StoppedBecause.DONE, run.stoppedBecause());
        assertEquals(2, run.chunks());
        assertEquals(10, run.deleted());
    }

    @Test
    void aKeyWindowOfMostlyLiveSessionsSendsTheWalkBackToTheIndexAndDeletesNoneOfThem() throws SQLException {
        List<Long> expired = new ArrayList<>();
        List<Long> live = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            expired.addAll(rows.insertExpired(1));
            live.addAll(rows.insertLive(2));
        }
        List<List<Long>> chunks = recordChunks();

        PruneRun run = run(settings(4));

        // the key window after the first chunk held four live sessions: no chunk, back to the index
        assertEquals(List.of(expired.subList(0, 4), expired.subList(4, 8), expired.subList(8, 12)), chunks);
        assertEquals(StoppedBecause.DONE, run.stoppedBecause());
        assertEquals(3, run.chunks());
        assertEquals(0, rows.countExisting(expired));
        assertEquals(24, rows.countExisting(live));
    }

    @Test
    void aSessionTouchedWhileItsKeyWindowIsDeletedSurvives() throws SQLException {
        List<Long> expired = rows.insertExpired(9);
        long touched = expired.get(4);
        List<List<Long>> chunks = recordChunks(candidates -> {
            if (ChunkHookStatements.covers(candidates, touched)) {
                rows.moveExpiry(touched, Instant.now().plusSeconds(1800));
            }
        });

        PruneRun run = run(settings(3));

        assertEquals(List.of(expired.subList(0, 3), expired.subList(3, 6), expired.subList(6, 9)), chunks);
        assertTrue(rows.exists(touched), "the touched session must survive");
        assertEquals(8, run.deleted());
        assertEquals(1, rows.countExisting(expired));
    }

    @Test
    void liveSessionsInsideADenseKeyWindowStay() throws SQLException {
        List<Long> expired = new ArrayList<>(rows.insertExpired(3));
        List<Long> live = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            expired.addAll(rows.insertExpired(3));
            live.addAll(rows.insertLive(1));
        }
        List<List<Long>> chunks = recordChunks();

        PruneRun run = run(settings(4));

        // the key window after the index chunk held three expired sessions and a live one
        assertEquals(List.of(expired.subList(0, 4), expired.subList(4, 7), expired.subList(7, 9)), chunks);
        assertEquals(9, run.deleted());
        assertEquals(0, rows.countExisting(expired));
        assertEquals(2, rows.countExisting(live));
    }

    @Test
    void anAllExpiredKeyWindowGoesByItsIdRangeAndOneWithLiveSessionsByItsIds() throws SQLException {
        List<Long> index = rows.insertExpired(4);
        List<Long> allExpired = rows.insertExpired(4);
        List<Long> mixed = new ArrayList<>(rows.insertExpired(3));
        List<Long> live = rows.insertLive(1);
        List<String> chunks = new ArrayList<>();
        statements.betweenReadAndDelete(candidates -> chunks.add(candidates.toString()));

        PruneRun run = run(settings(4));

        assertEquals(List.of("4 listed",
                "ids " + allExpired.get(0) + ".." + allExpired.get(3) + " (4 rows)",
                "3 listed"), chunks);
        assertEquals(StoppedBecause.DONE, run.stoppedBecause());
        assertEquals(11, run.deleted());
        assertEquals(0, rows.countExisting(index) + rows.countExisting(allExpired) + rows.countExisting(mixed));
        assertEquals(1, rows.countExisting(live));
    }

    @Test
    void aWindowDeletedAsOneRangeNeverLosesMoreRowsThanItHeld() throws SQLException {
        RowAppearingInAWindow w = aRowAppearingInAWindowAfterItsRead();

        PruneRun run = run(settings(3));

        // the window held three rows, all expired: its delete took three, in key order (the row
        // that appeared among them, but not the window's last); the index found that one after
        assertEquals(List.of(w.first(), w.held(), List.of(w.window().get(3))), w.chunks());
        assertEquals(StoppedBecause.DONE, run.stoppedBecause());
        assertEquals(7, run.deleted());
        assertEquals(0, rows.countExisting(w.window()));
    }

    @Test
    void withRangeDeleteOffAnAllExpiredWindowGoesByItsIds() throws SQLException {
        RowAppearingInAWindow w = aRowAppearingInAWindowAfterItsRead();

        PruneRun run = run(settings(3).rangeDelete(false));

        // by its ids the window's delete took exactly the three rows it read, the window's last
        // among them; the row that appeared inside its range was left to the index walk
        assertEquals(List.of(w.first(), w.held(), List.of(w.appeared())), w.chunks());
        assertEquals(StoppedBecause.DONE, run.stoppedBecause());
        assertEquals(7, run.deleted());
        assertEquals(0, rows.countExisting(w.window()));
    }

    @Test
    void aDeadlockedChunkIsTriedAgain() throws SQLException {
        List<Long> expired = rows.insertExpired(8);
        AtomicInteger calls = new AtomicInteger();
        statements.betweenReadAndDelete(candidates -> {
            if (calls.incrementAndGet() == 1) {
                throw new SQLTransactionRollbackException("Deadlock found when trying to get lock", "40001",
                        SqlErrors.DEADLOCK);
            }
        });

        PruneRun run = run(settings(5));

        assertEquals(StoppedBecause.DONE, run.stoppedBecause());
        assertEquals(8, run.deleted());
        assertEquals(2, run.chunks());
        assertEquals(3, calls.get(), "the first chunk twice, then the second");
        assertEquals(0, rows.countExisting(expired));
    }

    @Test
    void aChunkThatKeepsDeadlockingEndsTheRunWithErrorAfterTheRetries() throws SQLException {
        List<Long> expired = rows.insertExpired(3);
        AtomicInteger calls = new AtomicInteger();
        statements.betweenReadAndDelete(candidates -> {
            calls.incrementAndGet();
            throw new SQLException("Lock wait timeout exceeded", "HY000", SqlErrors.LOCK_WAIT_TIMEOUT);
        });

        PruneRun run = run(settings(5).maxRetries(2));

        assertEquals(StoppedBecause.ERROR, run.stoppedBecause());
        assertEquals(3, calls.get(), "one try and two retries");
        assertEquals(3, rows.countExisting(expired));
    }

    @Test
    void anErrorEndsTheRunAndTheNextRunWorks() throws SQLException {
        List<Long> expired = rows.insertExpired(3);
        statements.betweenReadAndDelete(candidates -> {
            throw new SQLException("Table 'sessions' is read only", "HY000", 1036);
        });

        PruneRun failed = run(settings(5));

        assertEquals(StoppedBecause.ERROR, failed.stoppedBecause());
        assertEquals(0, failed.deleted());
        assertTrue(failed.id() != null, "a failed run is reported too");

        statements.betweenReadAndDelete(null);
        PruneRun next = run(settings(5));

        assertEquals(StoppedBecause.DONE, next.stoppedBecause());
        assertEquals(0, rows.countExisting(expired));
    }

    @Test
    void shutdownStopsTheRunBetweenChunks() throws SQLException {
        rows.insertExpired(15);
        statements.betweenReadAndDelete(candidates -> pruner.requestStop());

        PruneRun run = run(settings(5));

        assertEquals(StoppedBecause.SHUTDOWN, run.stoppedBecause());
        assertEquals(1, run.chunks());
        assertEquals(5, run.deleted());
    }

    @Test
    void aSlowChunkHalvesTheNextChunkAndTheRunStillFinishes() throws SQLException {
        rows.insertExpired(15);
        List<Integer> sizes = new ArrayList<>();
        statements.betweenReadAndDelete(candidates -> sizes.add(candidates.count()));

        // every chunk is slower than zero: each one halves the next, and zero busy time would
        // end the run at once if slowness counted as the database being busy
        PruneRun run = run(settings(8).slowChunk(Duration.ZERO).maxBusyTime(Duration.ZERO));

        assertEquals(List.of(8, 4, 2, 1), sizes);
        assertEquals(StoppedBecause.DONE, run.stoppedBecause());
        assertEquals(15, run.deleted());
    }

    @Test
    void aLongHistoryListForTooLongEndsTheRunWithBackpressure() throws SQLException {
        rows.insertExpired(15);

        // any history length is over -1
        PruneRun run = run(settings(5).slowChunk(Duration.ofHours(1)).maxHistoryLength(-1)
                .maxBusyTime(Duration.ZERO));

        assertEquals(StoppedBecause.BACKPRESSURE, run.stoppedBecause());
        assertEquals(1, run.chunks());
    }

    @Test
    void aHealthyDatabaseDoesNotStopTheRun() throws SQLException {
        rows.insertExpired(15);

        PruneRun run = run(settings(5).slowChunk(Duration.ofHours(1)).maxBusyTime(Duration.ZERO));

        assertEquals(StoppedBecause.DONE, run.stoppedBecause());
        assertEquals(15, run.deleted());
    }

    private void lookups(int count, Duration each) {
        for (int i = 0; i < count; i++) {
            lookupLatency.record(each.toNanos());
        }
    }

    private double trafficSlowedCount() {
        return registry.counter("cloakroom.prune.traffic.slowed").count();
    }

    /**
     * Prunes 15 expired sessions in chunks of 5, after 1,024 lookups of 1 ms, while each chunk
     * adds 50 lookups of {@code whileDeleting}; returns how many verdicts found the traffic slowed.
     */
    private double slowedVerdictsWhenLookupsTake(Duration whileDeleting) throws SQLException {
        rows.insertExpired(15);
        lookups(LookupLatency.KEPT, Duration.ofMillis(1));
        statements.betweenReadAndDelete(candidates -> lookups(TrafficWatch.VERDICT_LOOKUPS, whileDeleting));
        double before = trafficSlowedCount();

        PruneRun run = run(settings(5).pauseFactor(0.01).maxTrafficSlowdown(2));

        assertEquals(StoppedBecause.DONE, run.stoppedBecause());
        assertEquals(15, run.deleted());
        return trafficSlowedCount() - before;
    }

    @Test
    void lookupsSlowedWhileTheRunDeletesAreSeenAfterEveryChunk() throws SQLException {
        // ten times as slow as before the run, against a limit of twice
        assertEquals(3, slowedVerdictsWhenLookupsTake(Duration.ofMillis(10)), "one after each of the 3 chunks");
    }

    @Test
    void lookupsAsFastAsTheLimitAreNotCountedAsSlowed() throws SQLException {
        assertEquals(0, slowedVerdictsWhenLookupsTake(Duration.ofMillis(2)));
    }

    @Test
    void shutdownDuringARetryEndsTheRunWithShutdown() throws SQLException {
        List<Long> expired = rows.insertExpired(3);
        statements.betweenReadAndDelete(candidates -> {
            pruner.requestStop();
            throw new SQLTransactionRollbackException("Deadlock found when trying to get lock", "40001",
                    SqlErrors.DEADLOCK);
        });

        PruneRun run = run(settings(5));

        assertEquals(StoppedBecause.SHUTDOWN, run.stoppedBecause());
        assertEquals(0, run.chunks());
        assertEquals(3, rows.countExisting(expired));
    }
}
