package dev.cloakroom.session;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cloakroom.Api;
import dev.cloakroom.Database;
import dev.cloakroom.testsupport.EventLog;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** cloakroom.session.max-per-user: a login over the limit ends the user's least recently used sessions. */
@QuarkusTest
@TestProfile(SessionLimitTest.ThreeSessions.class)
class SessionLimitTest {

    static final int LIMIT = 3;

    public static class ThreeSessions implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cloakroom.session.max-per-user", Integer.toString(LIMIT));
        }
    }

    @Inject
    Database database;

    private static Response login(String name) {
        return Api.login(name, Api.PASSWORD).then().statusCode(201).extract().response();
    }

    private long liveSessionsOf(String name) {
        return database.number("SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id"
                + " WHERE u.login_key = ? AND s.expires_at > ?", name.toLowerCase(), Instant.now());
    }

    private static int statusOf(String token) {
        return given().auth().oauth2(token).get("/sessions/current").statusCode();
    }

    @Test
    void aLoginOverTheLimitEndsTheLeastRecentlyUsedSessionWithAnEvictEvent() {
        String name = Api.signUp(Api.uniqueName("limit"));
        Response first = login(name);
        Response second = login(name);
        Response third = login(name);
        // the first is used again, so the second is now the least recently used
        database.update("UPDATE sessions SET last_seen_at = ? WHERE public_id = ?",
                Instant.now().minusSeconds(300), second.path("session.id"));
        database.update("UPDATE sessions SET last_seen_at = ? WHERE public_id = ?",
                Instant.now().minusSeconds(200), third.path("session.id"));
        database.update("UPDATE sessions SET last_seen_at = ? WHERE public_id = ?",
                Instant.now().minusSeconds(100), first.path("session.id"));
        EventLog log = EventLog.fromNow();

        Response fourth = login(name);

        assertEquals(401, statusOf(Api.tokenOf(second)));
        assertEquals(200, statusOf(Api.tokenOf(first)));
        assertEquals(200, statusOf(Api.tokenOf(third)));
        assertEquals(200, statusOf(Api.tokenOf(fourth)));
        long userId = ((Number) fourth.path("session.user.id")).longValue();
        List<Map<String, Object>> events = log.drain(EventLog.ofUser(userId));
        assertEquals(List.of("login", "evict"), events.stream().map(e -> e.get("type")).toList());
        assertEquals(fourth.path("session.id"), events.get(1).get("sessionId"));
        String secondId = second.path("session.id");
        assertEquals(List.of(Map.<String, Object>of("sessionId", secondId, "userId", (int) userId)),
                events.get(1).get("ended"));
    }

    @Test
    void aLoginWithinTheLimitEndsNothing() {
        String name = Api.signUp(Api.uniqueName("limit-ok"));
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < LIMIT; i++) {
            tokens.add(Api.tokenOf(login(name)));
        }

        for (String token : tokens) {
            assertEquals(200, statusOf(token));
        }
        assertEquals(LIMIT, liveSessionsOf(name));
    }

    @Test
    void twentyConcurrentLoginsOfOneUserNeverLeaveMoreThanTheLimit() throws Exception {
        String name = Api.signUp(Api.uniqueName("limit-race"));
        EventLog log = EventLog.fromNow();
        int logins = 20;
        ExecutorService threads = Executors.newFixedThreadPool(logins);
        List<String> tokens = new ArrayList<>();
        try {
            CyclicBarrier start = new CyclicBarrier(logins);
            List<Future<Response>> results = new ArrayList<>();
            for (int i = 0; i < logins; i++) {
                Callable<Response> call = () -> {
                    start.await();
                    return Api.login(name, Api.PASSWORD);
                };
                results.add(threads.submit(call));
            }
            for (Future<Response> result : results) {
                Response response = result.get(60, TimeUnit.SECONDS);
                assertEquals(201, response.statusCode(), response.asString());
                tokens.add(Api.tokenOf(response));
            }
        } finally {
            threads.shutdownNow();
        }

        assertEquals(LIMIT, liveSessionsOf(name));
        long working = tokens.stream().filter(token -> statusOf(token) == 200).count();
        assertEquals(LIMIT, working);
        long userId = database.number("SELECT id FROM users WHERE login_key = ?", name.toLowerCase());
        List<Map<String, Object>> events = log.drain(EventLog.ofUser(userId));
        Set<Object> evicted = new HashSet<>();
        for (Map<String, Object> event : events) {
            if ("evict".equals(event.get("type"))) {
                for (Object ended : (List<?>) event.get("ended")) {
                    assertTrue(evicted.add(((Map<?, ?>) ended).get("sessionId")), "evicted once: " + ended);
                }
            }
        }
        assertEquals(logins, events.stream().filter(event -> "login".equals(event.get("type"))).count());
        assertEquals(logins - LIMIT, evicted.size(), "every session beyond the limit ended with an event");
    }
}
