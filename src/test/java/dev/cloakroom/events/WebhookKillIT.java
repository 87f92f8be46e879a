package dev.cloakroom.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The packaged service delivering to a webhook is killed with SIGKILL mid-delivery and started
 * again: every event arrives, in order, and an event that arrives twice is the same event (its
 * id and its body).
 */
class WebhookKillIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final String SECRET = "kill-test-secret";
    private static final int EVENTS = 300;
    private static final Pattern SESSION_ID = Pattern.compile("\"sessionId\":\"([^\"]+)\"");

    private final String database = System.getenv().getOrDefault("CLOAKROOM_TEST_DB", "cloakroom_test");
    private final String jdbcUrl = "jdbc:mysql://127.0.0.1:3306/" + database + "?createDatabaseIfNotExist=true";
    /** Every request the receiver acknowledged: event id and body, in arrival order. */
    private final List<Map.Entry<String, String>> received = Collections.synchronizedList(new ArrayList<>());

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private Process start(int receiverPort, String name) throws IOException, InterruptedException {
        int port = freePort();
        int managementPort = freePort();
        Path log = Path.of("target", "webhook-kill-it", name + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        env.put("QUARKUS_DATASOURCE_USERNAME", "root");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        env.put("CLOAKROOM_INSTANCE", name);
        env.put("CLOAKROOM_PRUNE_ENABLED", "false");
        env.put("CLOAKROOM_EVENTS_WEBHOOK_URL", "http://127.0.0.1:" + receiverPort + "/hook");
        env.put("CLOAKROOM_EVENTS_WEBHOOK_SECRET", SECRET);
        env.put("CLOAKROOM_EVENTS_WEBHOOK_EVERY", "200ms");
        // a killed holder's lease must run out soon for the next instance to take over
        env.put("CLOAKROOM_EVENTS_WEBHOOK_LEASE_TIME", "3s");
        Process process = builder.start();
        Instant deadline = Instant.now().plusSeconds(120);
        while (!ready(managementPort)) {
            assertTrue(process.isAlive(), name + " exited while starting: " + Files.readString(log));
            assertTrue(Instant.now().isBefore(deadline), name + " not ready within 120 s");
            TimeUnit.MILLISECONDS.sleep(200); // polling for readiness, not standing in for it
        }
        return process;
    }

    private static boolean ready(int managementPort) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(
                    "http://127.0.0.1:" + managementPort + "/q/health/ready").toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(2000);
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Places every event already in the outbox and marks them delivered, the way the service
     * would have, so that only the test's events are left to deliver; then writes the test's
     * events. Answers their session ids, in the order written.
     */
    private List<String> onlyNewEventsToDeliver(String marker) throws SQLException {
        List<String> written = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "root", "");
                Statement sql = connection.createStatement()) {
            sql.executeUpdate("UPDATE session_events e, event_sequence s"
                    + " SET e.seq = s.last_seq + 1 + e.id - (SELECT MIN(id) FROM (SELECT id FROM session_events"
                    + " WHERE seq IS NULL) u) WHERE e.seq IS NULL AND s.name = 'session_events'");
            sql.executeUpdate("UPDATE event_sequence SET last_seq = GREATEST(last_seq,"
                    + " (SELECT COALESCE(MAX(seq), 0) FROM session_events)) WHERE name = 'session_events'");
            sql.executeUpdate("UPDATE event_deliveries SET failures = 0, delivered_through ="
                    + " (SELECT last_seq FROM event_sequence WHERE name = 'session_events') WHERE name = 'webhook'");
            sql.executeUpdate("UPDATE prune_lease SET holder = NULL, lease_until = '1970-01-01' WHERE name = '"
                    + WebhookDelivery.LEASE + "'");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO session_events"
                    + " (type, occurred_at, user_id, session_id) VALUES ('logout', UTC_TIMESTAMP(), 1, ?)")) {
                for (int i = 0; i < EVENTS; i++) {
                    String sessionId = marker + String.format("%04d", i);
                    insert.setString(1, sessionId);
                    insert.executeUpdate();
                    written.add(sessionId);
                }
            }
        }
        return written;
    }

    private long distinctOf(String marker) {
        synchronized (received) {
            return received.stream().map(e -> sessionIdOf(e.getValue())).filter(id -> id.startsWith(marker))
                    .distinct().count();
        }
    }

    private static String sessionIdOf(String body) {
        Matcher m = SESSION_ID.matcher(body);
        return m.find() ? m.group(1) : "";
    }

    private void awaitDistinct(String marker, long count, Duration within) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (distinctOf(marker) < count) {
            assertTrue(Instant.now().isBefore(deadline), "only " + distinctOf(marker) + " of " + count + " arrived");
            TimeUnit.MILLISECONDS.sleep(50); // polling the receiver
        }
    }

    @Test
    void noEventIsLostAcrossAKill9OfTheDeliveringInstanceAndDuplicatesAreTheSameEvent() throws Exception {
        assertTrue(Files.isRegularFile(JAR), JAR + " is missing: this test runs after the package phase");
        String marker = "k9" + UUID.randomUUID().toString().substring(0, 8);
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst(WebhookSender.EVENT_ID_HEADER);
            try {
                TimeUnit.MILLISECONDS.sleep(10); // a slow endpoint, so the kill lands mid-delivery
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            received.add(Map.entry(id, new String(body, StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        Process first = null;
        Process second = null;
        try {
            List<String> written = onlyNewEventsToDeliver(marker);
            first = start(receiver.getAddress().getPort(), "kill-it-first");
            awaitDistinct(marker, 50, Duration.ofSeconds(60));
            first.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no shutdown hook runs
            long beforeRestart = distinctOf(marker);
            assertTrue(beforeRestart < EVENTS, "the kill came before the end of the delivery");

            second = start(receiver.getAddress().getPort(), "kill-it-second");
            awaitDistinct(marker, EVENTS, Duration.ofSeconds(120));

            List<Map.Entry<String, String>> ours;
            synchronized (received) {
                ours = received.stream().filter(e -> sessionIdOf(e.getValue()).startsWith(marker)).toList();
            }
            Map<String, String> bodyById = new HashMap<>();
            for (Map.Entry<String, String> e : ours) {
                String earlier = bodyById.putIfAbsent(e.getKey(), e.getValue());
                assertTrue(earlier == null || earlier.equals(e.getValue()), "a duplicate is the same event");
            }
            assertEquals(EVENTS, bodyById.size(), "one event id per event");
            List<String> firstArrivals = new ArrayList<>(new LinkedHashSet<>(
                    ours.stream().map(e -> sessionIdOf(e.getValue())).toList()));
            assertEquals(written, firstArrivals, "every event, in order");
        } finally {
            if (first != null) {
                first.destroyForcibly();
            }
            if (second != null) {
                second.destroy();
                second.waitFor(30, TimeUnit.SECONDS);
            }
            receiver.stop(0);
        }
    }
}
