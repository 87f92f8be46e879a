package dev.cloakroom.session;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cloakroom.Api;
import dev.cloakroom.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * Idle and absolute expiry, and touch throttling. Time is moved by rewriting the row's
 * timestamps, the way an instance would have left them, instead of waiting.
 */
@QuarkusTest
class SessionExpiryTest {

    private static final Duration IDLE = Duration.ofMinutes(30);

    @Inject
    Database database;

    private record Opened(String token, String publicId) {
    }

    private Opened open() {
        Response response = Api.login(Api.signUp(Api.uniqueName("expiry")), Api.PASSWORD)
                .then().statusCode(201).extract().response();
        return new Opened(Api.tokenOf(response), response.jsonPath().getString("session.id"));
    }

    /** Puts the row in the state of a session last seen at {@code lastSeen}. */
    private void lastSeenAt(Opened session, Instant lastSeen) {
        database.update("UPDATE sessions SET last_seen_at = ?, expires_at = LEAST(?, absolute_expires_at)"
                + " WHERE public_id = ?", lastSeen, lastSeen.plus(IDLE), session.publicId());
    }

    private Instant stored(String column, Opened session) {
        return database.instant("SELECT " + column + " FROM sessions WHERE public_id = ?", session.publicId());
    }

    private static Response current(Opened session) {
        return given().header("Authorization", Api.bearer(session.token())).when().get("/sessions/current");
    }

    @Test
    void aSessionIdleLongerThanTheIdleTimeoutIsGoneBeforeItIsPruned() {
        Opened session = open();
        lastSeenAt(session, Instant.now().minus(IDLE).minusSeconds(5));
        current(session).then().statusCode(401).header("Set-Cookie", containsString("Max-Age=0"));
        assertEquals(1L, database.number("SELECT COUNT(*) FROM sessions WHERE public_id = ?", session.publicId()),
                "the row is still there: expiry is enforced on read, not by the pruner");
    }

    @Test
    void aSessionPastItsAbsoluteExpiryIsGoneHoweverActive() {
        Opened session = open();
        Instant past = Instant.now().minusSeconds(2);
        database.update("UPDATE sessions SET absolute_expires_at = ?, expires_at = ? WHERE public_id = ?",
                past, past, session.publicId());
        current(session).then().statusCode(401);
    }

    @Test
    void aTouchNeverExtendsASessionPastItsAbsoluteExpiry() {
        Opened session = open();
        Instant absolute = Instant.now().plusSeconds(120).truncatedTo(ChronoUnit.SECONDS);
        database.update("UPDATE sessions SET absolute_expires_at = ? WHERE public_id = ?", absolute, session.publicId());
        lastSeenAt(session, Instant.now().minusSeconds(600));

        current(session).then().statusCode(200);

        assertEquals(absolute, stored("expires_at", session));
        assertTrue(stored("last_seen_at", session).isAfter(Instant.now().minusSeconds(30)));
    }

    @Test
    void aReadInsideTheTouchIntervalDoesNotMoveLastSeen() {
        Opened session = open();
        Instant recent = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
        lastSeenAt(session, recent);

        current(session).then().statusCode(200);

        assertEquals(recent, stored("last_seen_at", session));
        assertEquals(recent.plus(IDLE), stored("expires_at", session));
    }

    @Test
    void aReadAfterTheTouchIntervalMovesLastSeenAndTheIdleExpiry() {
        Opened session = open();
        Instant old = Instant.now().minusSeconds(90).truncatedTo(ChronoUnit.SECONDS);
        lastSeenAt(session, old);
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        Response response = current(session).then().statusCode(200).extract().response();

        Instant seen = stored("last_seen_at", session);
        assertTrue(!seen.isBefore(before), seen + " is before " + before);
        assertEquals(seen.plus(IDLE), stored("expires_at", session));
        assertEquals(seen.toString(), response.jsonPath().getString("lastSeenAt"));
        assertEquals(seen.plus(IDLE).toString(), response.jsonPath().getString("idleExpiresAt"));
    }

    @Test
    void lastSeenNeverMovesBackwards() {
        Opened session = open();
        // as left by an instance whose clock runs ahead of this one
        Instant ahead = Instant.now().plusSeconds(300).truncatedTo(ChronoUnit.SECONDS);
        lastSeenAt(session, ahead);

        current(session).then().statusCode(200);
        assertEquals(ahead, stored("last_seen_at", session));

        given().header("Authorization", Api.bearer(session.token())).contentType("application/json").body("{}")
                .when().put("/sessions/current/data").then().statusCode(200);
        assertEquals(ahead, stored("last_seen_at", session));
    }

    @Test
    void aDataWriteCountsAsActivity() {
        Opened session = open();
        Instant recent = Instant.now().minusSeconds(20).truncatedTo(ChronoUnit.SECONDS);
        lastSeenAt(session, recent);

        given().header("Authorization", Api.bearer(session.token())).contentType("application/json").body("{\"a\":1}")
                .when().put("/sessions/current/data").then().statusCode(200);

        assertTrue(stored("last_seen_at", session).isAfter(recent));
    }
}
