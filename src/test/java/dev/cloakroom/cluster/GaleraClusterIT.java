package dev.cloakroom.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.cloakroom.testsupport.AtOnce;
import dev.cloakroom.testsupport.GaleraNode;
import dev.cloakroom.testsupport.SessionRows;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the packaged service, each on its own node of a two-node MariaDB Galera
 * cluster (both nodes take writes), over real HTTP. Run by {@code .ci/galera test}.
 */
class GaleraClusterIT {

    private static final int ROUNDS = 20;

    private static GaleraNode node1;
    private static GaleraNode node2;
    private static ServiceInstance a;
    private static ServiceInstance b;
    private static ExecutorService threads;

    @BeforeAll
    static void startTwoInstancesOnTwoNodes() throws Exception {
        node1 = GaleraNode.number(1);
        node2 = GaleraNode.number(2);
        assertEquals("2", node1.status("wsrep_cluster_size"), "nodes in the cluster");
        node1.recreateDatabase();
        // one after the other: the first migrates the schema (see docs/clusters.md on Flyway and Galera)
        a = ServiceInstance.start("instance-a", node1);
        b = ServiceInstance.start("instance-b", node2);
        threads = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stop() throws Exception {
        for (ServiceInstance instance : new ServiceInstance[] { a, b }) {
            if (instance != null) {
                // how many transactions lost a conflict and ran again (the racing tests' doing)
                System.out.printf("GaleraClusterIT: %s: %s%n", instance.name(), instance.management().get("/q/metrics")
                        .asString().lines().filter(l -> l.startsWith("cloakroom_write_conflict_retries_total"))
                        .findFirst().orElse("no retry counter"));
            }
        }
        if (threads != null) {
            threads.shutdownNow();
        }
        for (AutoCloseable closeable : new AutoCloseable[] { b, a, node2, node1 }) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @Test
    void aLogoutThroughOneNodeIsSeenAtOnceThroughTheOther() {
        String name = uniqueName("logout");
        a.signUp(name);
        for (int round = 0; round < ROUNDS; round++) {
            String token = b.login(name, ServiceInstance.PASSWORD);
            a.as(token).get("/sessions/current").then().statusCode(200).body("user.loginName", equalTo(name));

            a.as(token).delete("/sessions/current").then().statusCode(204);

            b.as(token).get("/sessions/current").then().statusCode(401).contentType("application/problem+json");
        }
    }

    /**
     * Galera applies a commit on the other nodes a moment after it returns: a node that lags
     * would still show the session. With causal reads (wsrep_sync_wait=1, which the service's
     * JDBC URL sets) a read on the lagging node waits until it has caught up. Node 2 is held
     * back here with FLUSH TABLES WITH READ LOCK, which stops its applier.
     */
    @Test
    void aLaggingNodeWaitsAndNeverServesASessionLoggedOutThroughTheOther() throws Exception {
        String token = guest(a);
        b.as(token).get("/sessions/current").then().statusCode(200);
        Future<Response> read;
        try (Connection holdBack = node2.serverConnection(); Statement statement = holdBack.createStatement()) {
            statement.execute("FLUSH TABLES WITH READ LOCK");

            a.as(token).delete("/sessions/current").then().statusCode(204);
            read = threads.submit(() -> b.as(token).get("/sessions/current"));
            awaitAQueryOnSessionsWaitingOn(holdBack);

            statement.execute("UNLOCK TABLES");
        }
        read.get(30, TimeUnit.SECONDS).then().statusCode(401);
    }

    /** Until node 2 shows a statement on the sessions table still running (waiting to catch up). */
    private static void awaitAQueryOnSessionsWaitingOn(Connection node) throws Exception {
        try (PreparedStatement running = node.prepareStatement("SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                + " WHERE COMMAND = 'Query' AND INFO LIKE '%from sessions%' AND TIME_MS > 100")) {
            for (int i = 0; i < 500; i++) {
                try (ResultSet row = running.executeQuery()) {
                    row.next();
                    if (row.getInt(1) > 0) {
                        return;
                    }
                }
                TimeUnit.MILLISECONDS.sleep(20); // polling for the condition
            }
        }
        fail("no read of the sessions table waited on the lagging node: it answered from its stale copy");
    }

    @Test
    void aRevokedSessionEndsAtOnceOnTheOtherNode() {
        String name = uniqueName("revoke");
        a.signUp(name);
        String mine = a.login(name, ServiceInstance.PASSWORD);
        for (int round = 0; round < ROUNDS; round++) {
            String other = b.login(name, ServiceInstance.PASSWORD);
            String publicId = b.as(other).get("/sessions/current").then().statusCode(200)
                    .extract().jsonPath().getString("id");

            a.as(mine).delete("/sessions/" + publicId).then().statusCode(204);

            b.as(other).get("/sessions/current").then().statusCode(401);
        }
    }

    @Test
    void dataWrittenThroughOneNodeIsReadAtItsNewVersionThroughTheOther() {
        String token = guest(a);
        for (int round = 1; round <= ROUNDS; round++) {
            a.as(token).contentType(ContentType.JSON).body(Map.of("round", round))
                    .put("/sessions/current/data").then().statusCode(200);

            b.as(token).get("/sessions/current").then().statusCode(200)
                    .body("version", equalTo(round + 1)).body("data.round", equalTo(round));
        }
    }

    /**
     * Each node locks the row only locally, so two writes can both pass the If-Match check; the
     * cluster then fails one at commit (a certification conflict, reported as a deadlock). The
     * loser must hear 412, as on one server, and never 503.
     */
    @Test
    void conditionalWritesRacingOnTwoNodesLetOneWinAndTellTheOther412() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String token = guest(a);
            List<Response> answers = AtOnce.run(
                    () -> a.as(token).header("If-Match", "\"1\"").contentType(ContentType.JSON)
                            .body(Map.of("writer", "a")).put("/sessions/current/data"),
                    () -> b.as(token).header("If-Match", "\"1\"").contentType(ContentType.JSON)
                            .body(Map.of("writer", "b")).put("/sessions/current/data"));

            List<Integer> statuses = answers.stream().map(Response::statusCode).sorted().toList();
            assertEquals(List.of(200, 412), statuses, "round " + round + ": " + bodies(answers));
            String winner = answers.get(0).statusCode() == 200 ? "a" : "b";
            a.as(token).get("/sessions/current").then().statusCode(200)
                    .body("version", equalTo(2)).body("data.writer", equalTo(winner));
        }
    }

    /** Merges racing on two nodes both land: neither overwrites the other's key. */
    @Test
    void mergesRacingOnTwoNodesBothLand() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String token = guest(b);
            List<Response> answers = AtOnce.run(
                    () -> a.as(token).contentType("application/merge-patch+json").body("{\"fromA\":1}")
                            .patch("/sessions/current/data"),
                    () -> b.as(token).contentType("application/merge-patch+json").body("{\"fromB\":2}")
                            .patch("/sessions/current/data"));

            assertTrue(answers.stream().allMatch(r -> r.statusCode() == 200), "round " + round + ": " + bodies(answers));
            b.as(token).get("/sessions/current").then().statusCode(200)
                    .body("version", equalTo(3)).body("data", equalTo(Map.of("fromA", 1, "fromB", 2)));
        }
    }

    /**
     * Two reads of one session on two nodes at once, both due to move its last-seen time: both
     * touches update the row, one loses at commit, runs again and finds the touch done.
     */
    @Test
    void oneSessionReadThroughBothNodesAtOnceIsServedByBoth() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String token = guest(a);
            String publicId = a.as(token).get("/sessions/current").then().statusCode(200)
                    .extract().jsonPath().getString("id");
            lastSeenTwoMinutesAgo(publicId);
            List<Response> answers = AtOnce.run(
                    () -> a.as(token).get("/sessions/current"),
                    () -> b.as(token).get("/sessions/current"));
            assertTrue(answers.stream().allMatch(r -> r.statusCode() == 200), "round " + round + ": " + bodies(answers));
        }
    }

    @Test
    void expiredSessionsPrunedThroughOneNodeAreGoneFromBoth() throws Exception {
        SessionRows onNode1 = SessionRows.over(node1.dataSource());
        SessionRows onNode2 = SessionRows.over(node2.dataSource());
        onNode1.removeAllExpired();
        List<Long> expired = onNode1.insertExpired(2_500);
        List<Long> live = onNode1.insertLive(300);

        b.as(b.adminToken()).post("/admin/prune").then().statusCode(200)
                .body("instance", equalTo(b.name()))
                .body("deleted", equalTo(expired.size()))
                .body("stoppedBecause", equalTo("done"));

        assertEquals(0, onNode1.countExisting(expired));
        assertEquals(0, onNode2.countExisting(expired));
        assertEquals(live.size(), onNode1.countExisting(live));
        a.as(a.adminToken()).get("/admin/prune/runs").then().statusCode(200)
                .body("[0].instance", equalTo(b.name())).body("[0].deleted", equalTo(expired.size()));
    }

    /** The lease taken on one node stops a prune on the other, through either instance. */
    @Test
    void aLeaseHeldThroughOneNodeMakesBothInstancesAnswer409() throws Exception {
        String holder = "elsewhere-" + UUID.randomUUID();
        try (Connection connection = node1.dataSource().getConnection();
                PreparedStatement take = connection.prepareStatement(
                        "UPDATE prune_lease SET holder = ?, lease_until = UTC_TIMESTAMP(6) + INTERVAL 60 SECOND"
                                + " WHERE name = 'prune'")) {
            take.setString(1, holder);
            assertEquals(1, take.executeUpdate());
        }
        try {
            for (ServiceInstance instance : List.of(b, a)) {
                instance.as(instance.adminToken()).post("/admin/prune").then().statusCode(409)
                        .contentType("application/problem+json").body("detail", containsString(holder));
            }
        } finally {
            try (Connection connection = node2.dataSource().getConnection();
                    PreparedStatement free = connection.prepareStatement(
                            "UPDATE prune_lease SET holder = NULL, lease_until = '1970-01-01 00:00:00' WHERE name = 'prune'")) {
                free.executeUpdate();
            }
        }
        b.as(b.adminToken()).post("/admin/prune").then().statusCode(200).body("instance", equalTo(b.name()));
    }

    private static void lastSeenTwoMinutesAgo(String publicId) throws Exception {
        try (Connection connection = node1.dataSource().getConnection();
                PreparedStatement backdate = connection.prepareStatement(
                        "UPDATE sessions SET last_seen_at = last_seen_at - INTERVAL 2 MINUTE WHERE public_id = ?")) {
            backdate.setString(1, publicId);
            assertEquals(1, backdate.executeUpdate());
        }
    }

    private static String guest(ServiceInstance instance) {
        return instance.http().post("/sessions").then().statusCode(201).extract().jsonPath().getString("token");
    }

    private static String bodies(List<Response> answers) {
        return answers.stream().map(r -> r.statusCode() + " " + r.asString()).toList().toString();
    }

    private static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }
}
