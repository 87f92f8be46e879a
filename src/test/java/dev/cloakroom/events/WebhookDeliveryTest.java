package dev.cloakroom.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.cloakroom.Api;
import dev.cloakroom.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Push delivery to a receiver in the test (a JDK HTTP server) that checks every signature. */
@QuarkusTest
@TestProfile(WebhookDeliveryTest.WithReceiver.class)
class WebhookDeliveryTest {

    static final String SECRET = "whsec-test-secret";
    static final int PORT = freePort();

    public static class WithReceiver implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cloakroom.events.webhook.url", "http://127.0.0.1:" + PORT + "/hook",
                    "cloakroom.events.webhook.secret", SECRET,
                    "cloakroom.events.webhook.max-backoff", "1s");
        }
    }

    /** What the receiver got: the verified event bodies, in arrival order. */
    record Received(long id, JsonNode event) {
    }

    @Inject
    WebhookDelivery delivery;

    @Inject
    EventFeed feed;

    @Inject
    Database database;

    @Inject
    ObjectMapper json;

    private HttpServer receiver;
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final List<String> refusedSignatures = Collections.synchronizedList(new ArrayList<>());
    /** How many of the next requests the receiver answers 500 to (after reading them). */
    private final AtomicInteger failNext = new AtomicInteger();

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void startReceiverAfterEveryEventSoFar() throws Exception {
        // deliver only what the test makes: the delivered cursor moves to the end of the feed
        long end = feed.sequence();
        database.update("UPDATE event_deliveries SET delivered_through = ?, failures = 0 WHERE name = 'webhook'", end);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String signature = exchange.getRequestHeaders().getFirst(WebhookSender.SIGNATURE_HEADER);
            boolean valid = verifies(signature, body);
            int status;
            if (!valid) {
                refusedSignatures.add(String.valueOf(signature));
                status = 400;
            } else if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                status = 500;
            } else {
                received.add(new Received(Long.parseLong(exchange.getRequestHeaders()
                        .getFirst(WebhookSender.EVENT_ID_HEADER)), json.readTree(body)));
                status = 204;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    /** What a receiver does: HMAC-SHA256 of "t.body" under the shared secret, and a recent t. */
    private static boolean verifies(String header, byte[] body) {
        if (header == null || !header.matches("t=\\d+,v1=[0-9a-f]{64}")) {
            return false;
        }
        long timestamp = Long.parseLong(header.substring(2, header.indexOf(',')));
        if (Math.abs(Instant.now().getEpochSecond() - timestamp) > 300) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            byte[] expected = mac.doFinal(body);
            return MessageDigest.isEqual(expected, HexFormat.of().parseHex(header.substring(header.indexOf("v1=") + 3)));
        } catch (Exception e) {
            return false;
        }
    }

    private List<String> sessionIdsReceived() {
        synchronized (received) {
            return received.stream().map(r -> r.event().path("sessionId").asText()).toList();
        }
    }

    /** Calls the delivery until {@code done} holds, as the schedule would every second; fails after 30 s. */
    private void deliverUntil(java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not delivered within 30 s; received " + received);
            delivery.deliverDue();
            if (!done.getAsBoolean()) {
                Thread.sleep(100); // the schedule's tick, not a stand-in for a condition: the loop polls it
            }
        }
    }

    @Test
    void eventsArriveSignedInOrderWithTheirIds() throws Exception {
        String name = Api.signUp(Api.uniqueName("hook"));
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sessions.add(Api.login(name, Api.PASSWORD).then().statusCode(201).extract().path("session.id"));
        }

        deliverUntil(() -> sessionIdsReceived().containsAll(sessions));

        assertEquals(List.of(), refusedSignatures);
        List<Received> ours = received.stream().filter(r -> sessions.contains(r.event().path("sessionId").asText()))
                .toList();
        assertEquals(sessions, ours.stream().map(r -> r.event().path("sessionId").asText()).toList(), "in order");
        for (Received r : ours) {
            assertEquals("login", r.event().path("type").asText());
            assertEquals(r.id(), r.event().path("id").asLong(), "the id header is the event's id");
        }
    }

    @Test
    void aFailedDeliveryIsRetriedWithBackOffAndNothingAfterItOvertakesIt() throws Exception {
        String name = Api.signUp(Api.uniqueName("hook-retry"));
        String first = Api.login(name, Api.PASSWORD).then().statusCode(201).extract().path("session.id");
        String second = Api.login(name, Api.PASSWORD).then().statusCode(201).extract().path("session.id");
        failNext.set(2);

        assertEquals(0, delivery.deliverDue(), "the endpoint failed the first event");
        assertEquals(1, database.number("SELECT failures FROM event_deliveries WHERE name = 'webhook'"));
        assertEquals(0, delivery.deliverDue(), "still backing off: nothing sent, nothing overtakes");
        deliverUntil(() -> sessionIdsReceived().containsAll(List.of(first, second)));

        assertEquals(List.of(first, second), sessionIdsReceived().stream()
                .filter(id -> id.equals(first) || id.equals(second)).toList());
        assertEquals(0, database.number("SELECT failures FROM event_deliveries WHERE name = 'webhook'"));
    }

    @Test
    void anEventWhoseAcknowledgementWasNotRecordedIsSentAgainWithTheSameId() throws Exception {
        String name = Api.signUp(Api.uniqueName("hook-again"));
        String session = Api.login(name, Api.PASSWORD).then().statusCode(201).extract().path("session.id");
        deliverUntil(() -> sessionIdsReceived().contains(session));
        long id = received.stream().filter(r -> r.event().path("sessionId").asText().equals(session))
                .findFirst().orElseThrow().id();
        // as if the deliverer died between the POST and storing its cursor (a kill -9)
        long cursor = Long.parseLong(received.stream().filter(r -> r.id() == id).findFirst().orElseThrow()
                .event().path("cursor").asText());
        database.update("UPDATE event_deliveries SET delivered_through = ? WHERE name = 'webhook'", cursor - 1);

        deliverUntil(() -> received.stream().filter(r -> r.id() == id).count() == 2);

        assertEquals(2, received.stream().filter(r -> r.id() == id).count(), "a duplicate, with the same id");
    }

    @Test
    void anInstanceWithoutTheLeaseDeliversNothing() throws Exception {
        database.update("UPDATE prune_lease SET holder = 'another-instance', lease_until = ? WHERE name = ?",
                Instant.now().plusSeconds(60), WebhookDelivery.LEASE);
        try {
            Api.newUserSession("hook-lease");

            assertEquals(0, delivery.deliverDue());
            assertEquals(List.of(), received);
        } finally {
            database.update("UPDATE prune_lease SET holder = NULL, lease_until = '1970-01-01' WHERE name = ?",
                    WebhookDelivery.LEASE);
        }
    }
}
