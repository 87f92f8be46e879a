package dev.cloakroom.prune;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cloakroom.testsupport.Logins;
import dev.cloakroom.testsupport.SessionRows;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OnePrunerAtATimeTest {

    private static final String OTHER_INSTANCE = "another-instance/test";

    @Inject
    ExpiredSessionPruner pruner;

    @Inject
    PruneLease lease;

    @Inject
    SessionRows rows;

    @Inject
    PruneConfig config;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ChunkHookStatements statements;

    @ConfigProperty(name = "cloakroom.instance")
    String instance;

    @BeforeEach
    void startFromNoExpiredSessions() throws SQLException {
        rows.removeAllExpired();
    }

    @AfterEach
    void cleanUp() throws SQLException {
        statements.betweenReadAndDelete(null);
        lease.release(OTHER_INSTANCE);
    }

    @Test
    void theLeaseGoesToOneHolderUntilItIsReleasedOrRunsOut() throws SQLException {
        String mine = "lease-test/" + System.nanoTime();
        assertTrue(lease.tryAcquire(mine, Duration.ofMinutes(1)));
        try {
            assertFalse(lease.tryAcquire(OTHER_INSTANCE, Duration.ofMinutes(1)));
            assertTrue(lease.tryAcquire(mine, Duration.ofMinutes(1)), "the holder may take it again");
            assertTrue(lease.renew(mine, Duration.ofMinutes(1)));
            assertFalse(lease.renew(OTHER_INSTANCE, Duration.ofMinutes(1)));
            lease.release(OTHER_INSTANCE);
            assertFalse(lease.tryAcquire(OTHER_INSTANCE, Duration.ofMinutes(1)), "only the holder releases it");
        } finally {
            lease.release(mine);
        }
        assertTrue(lease.tryAcquire(OTHER_INSTANCE, Duration.ofMinutes(1)));
    }

    @Test
    void aLeaseThatRanOutCanBeTaken() throws SQLException {
        // a lease that ended a second ago, as one that was never renewed
        assertTrue(lease.tryAcquire(OTHER_INSTANCE, Duration.ofSeconds(-1)));
        String mine = "lease-test/" + System.nanoTime();

        assertTrue(lease.tryAcquire(mine, Duration.ofMinutes(1)));
        assertFalse(lease.renew(OTHER_INSTANCE, Duration.ofMinutes(1)), "the old holder has lost it");
        lease.release(mine);
    }

    @Test
    void aRunSkipsWhileAnotherInstanceHoldsTheLease() throws SQLException {
        List<Long> expired = rows.insertExpired(3);
        assertTrue(lease.tryAcquire(OTHER_INSTANCE, Duration.ofMinutes(1)));

        Optional<PruneRun> run = pruner.runNow();

        assertTrue(run.isEmpty());
        assertEquals(3, rows.countExisting(expired));
        given().auth().oauth2(Logins.adminToken())
                .when().post("/admin/prune")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("status", equalTo(409))
                .body("title", equalTo("Conflict"));

        lease.release(OTHER_INSTANCE);
        assertTrue(pruner.runNow().isPresent());
        assertEquals(0, rows.countExisting(expired));
    }

    @Test
    void aSecondRunSkipsWhileARunIsInProgressOnThisInstance() throws Exception {
        rows.insertExpired(3);
        String adminToken = Logins.adminToken();
        CountDownLatch inChunk = new CountDownLatch(1);
        CountDownLatch mayFinish = new CountDownLatch(1);
        statements.betweenReadAndDelete(candidates -> {
            inChunk.countDown();
            try {
                mayFinish.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        CompletableFuture<Optional<PruneRun>> first = CompletableFuture.supplyAsync(() -> {
            try {
                return pruner.runNow();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            assertTrue(inChunk.await(30, TimeUnit.SECONDS), "the first run reached its chunk");

            assertTrue(pruner.runNow().isEmpty());
            given().auth().oauth2(adminToken)
                    .when().post("/admin/prune")
                    .then().statusCode(409)
                    .contentType("application/problem+json");
        } finally {
            mayFinish.countDown();
        }
        assertEquals(StoppedBecause.DONE, first.get(30, TimeUnit.SECONDS).orElseThrow().stoppedBecause());
    }

    @Test
    void shutdownWaitsForTheRunToStoreItsReportAndReleaseTheLease() throws Exception {
        rows.insertExpired(12);
        CountDownLatch inChunk = new CountDownLatch(1);
        CountDownLatch mayFinish = new CountDownLatch(1);
        statements.betweenReadAndDelete(candidates -> {
            inChunk.countDown();
            try {
                mayFinish.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        CompletableFuture<Optional<PruneRun>> run = CompletableFuture.supplyAsync(() -> {
            try {
                return pruner.run(RunSettingsBuilder.of(config).chunkSize(5).pauseFactor(0).build());
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            assertTrue(inChunk.await(30, TimeUnit.SECONDS), "the run reached its chunk");
            // the stop is requested before the chunk goes on, or the run could finish first
            pruner.requestStop();
            CompletableFuture<Boolean> shutdown = CompletableFuture.supplyAsync(
                    () -> pruner.stopAndAwait(Duration.ofSeconds(30)));
            assertFalse(shutdown.isDone(), "shutdown waits while the chunk is in progress");
            mayFinish.countDown();

            assertTrue(shutdown.get(30, TimeUnit.SECONDS));
            // by the time shutdown goes on, the run is recorded and the lease is free
            PruneRun stopped = run.get(30, TimeUnit.SECONDS).orElseThrow();
            assertEquals(StoppedBecause.SHUTDOWN, stopped.stoppedBecause());
            assertEquals(1, stopped.chunks());
            assertTrue(stopped.id() != null);
            assertTrue(lease.tryAcquire(OTHER_INSTANCE, Duration.ofMinutes(1)), "the lease was released");
        } finally {
            mayFinish.countDown();
        }
    }

    @Test
    void aRunThatLostItsLeaseStopsWithError() throws SQLException {
        List<Long> expired = rows.insertExpired(15);
        statements.betweenReadAndDelete(candidates -> {
            // as if this run had stalled past its lease and another instance had taken it
            String holder = leaseRow();
            lease.release(holder.substring(0, holder.indexOf(' ')));
            lease.tryAcquire(OTHER_INSTANCE, Duration.ofMinutes(1));
        });

        // a lease of zero is renewed before every chunk
        PruneRun run = pruner.run(RunSettingsBuilder.of(config).chunkSize(5).pauseFactor(0)
                .leaseTime(Duration.ZERO).build()).orElseThrow();

        assertEquals(StoppedBecause.ERROR, run.stoppedBecause());
        assertEquals(1, run.chunks());
        assertEquals(10, rows.countExisting(expired));
        assertFalse(lease.tryAcquire("someone-else", Duration.ofMinutes(1)), "the new holder keeps the lease");
    }

    @Test
    void aRunRenewsItsLeaseAsItGoes() throws SQLException {
        rows.insertExpired(15);
        List<String> leaseRows = new ArrayList<>();
        statements.betweenReadAndDelete(candidates -> leaseRows.add(leaseRow()));

        // with a lease of zero, renewal is due before every chunk
        PruneRun run = pruner.run(RunSettingsBuilder.of(config).chunkSize(5).pauseFactor(0)
                .leaseTime(Duration.ZERO).build()).orElseThrow();

        assertEquals(StoppedBecause.DONE, run.stoppedBecause());
        assertEquals(3, leaseRows.size());
        assertEquals(3, leaseRows.stream().distinct().count(), "lease_until moved at every chunk: " + leaseRows);
        String holder = leaseRows.get(0).substring(0, leaseRows.get(0).indexOf(' '));
        assertTrue(holder.startsWith(instance + "/"), "the holder is this instance: " + holder);
        assertTrue(leaseRows.stream().allMatch(row -> row.startsWith(holder + " ")), leaseRows.toString());
    }

    private String leaseRow() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT holder, lease_until FROM prune_lease WHERE name = 'prune'");
                ResultSet row = select.executeQuery()) {
            row.next();
            return row.getString(1) + " " + row.getString(2);
        }
    }
}
