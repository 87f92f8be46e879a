package dev.cloakroom.session;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.cloakroom.Api;
import dev.cloakroom.Database;
import dev.cloakroom.db.Utc;
import dev.cloakroom.testsupport.PinnedClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Authentication time and step-up: authenticatedAt, GET /sessions/current?maxAuthAge, POST .../reauthenticate. */
@QuarkusTest
class StepUpTest {

    private static final String REAUTHENTICATION_REQUIRED = "/problems/reauthentication-required";

    @Inject
    Database database;

    @Inject
    PinnedClock clock;

    @AfterEach
    void releaseTheClock() {
        clock.release();
    }

    private static Response current(String token, String maxAuthAge) {
        return given().header("Authorization", Api.bearer(token)).queryParam("maxAuthAge", maxAuthAge)
                .when().get("/sessions/current");
    }

    private static Response current(String token) {
        return given().header("Authorization", Api.bearer(token)).when().get("/sessions/current");
    }

    private static Response reauthenticate(String token, String password) {
        return given().header("Authorization", Api.bearer(token)).contentType(ContentType.JSON)
                .body(Map.of("password", password))
                .when().post("/sessions/current/reauthenticate");
    }

    private void authenticatedAt(String token, Instant at) {
        String id = current(token).then().statusCode(200).extract().path("id");
        assertEquals(1, database.update("UPDATE sessions SET authenticated_at = ? WHERE public_id = ?", at, id));
    }

    /** The step-up answer: 401 of its own type, a challenge naming the allowed age, and the cookie left alone. */
    private static void requiresReauthentication(Response response, long maxAuthAge) {
        response.then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", allOf(startsWith("Bearer "),
                        containsString("error=\"insufficient_user_authentication\""),
                        containsString("max_age=\"" + maxAuthAge + "\"")))
                .header("Set-Cookie", nullValue())
                .body("type", equalTo(REAUTHENTICATION_REQUIRED))
                .body("title", equalTo("Reauthentication Required"))
                .body("status", equalTo(401))
                .body("detail", notNullValue());
    }

    @Test
    void aLoginIsAnAuthenticationAndAGuestSessionHasNone() {
        Response login = Api.login(Api.signUp(Api.uniqueName("authat")), Api.PASSWORD);
        login.then().statusCode(201).body("session.authenticatedAt", equalTo(login.path("session.createdAt")));
        current(Api.tokenOf(login)).then().statusCode(200)
                .body("authenticatedAt", equalTo(login.path("session.createdAt")));

        String guest = Api.guestSession();
        current(guest).then().statusCode(200)
                .body("$", hasKey("authenticatedAt"))
                .body("authenticatedAt", nullValue())
                .body("user", nullValue());
    }

    @Test
    void aPasswordChangeIsAnAuthenticationAndTheRotatedSessionKeepsIt() {
        String name = Api.signUp(Api.uniqueName("authat-chpw"));
        String token = Api.tokenOf(Api.login(name, Api.PASSWORD));
        Instant longAgo = Utc.now().minusSeconds(3600);
        authenticatedAt(token, longAgo);
        Instant before = Utc.now();

        Response changed = given().header("Authorization", Api.bearer(token)).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", Api.PASSWORD, "newPassword", "another good password"))
                .when().put("/users/me/password");
        changed.then().statusCode(200);
        Instant changedAt = Instant.parse(changed.path("session.authenticatedAt"));

        assertFalse(changedAt.isBefore(before), changedAt + " is before the change at " + before);
        current(Api.tokenOf(changed), "60").then().statusCode(200)
                .body("authenticatedAt", equalTo(changedAt.toString()));
    }

    @Test
    void aSessionAuthenticatedExactlyMaxAuthAgeAgoPassesAndOneASecondOlderDoesNot() {
        String token = Api.newUserSession("stepup-edge");
        Instant now = Utc.now();
        Instant typed = now.minusSeconds(300);
        authenticatedAt(token, typed);

        clock.pin(now);
        current(token, "300").then().statusCode(200).body("authenticatedAt", equalTo(typed.toString()));
        requiresReauthentication(current(token, "299"), 299);

        clock.pin(now.plusMillis(999)); // still 300 whole seconds
        current(token, "300").then().statusCode(200);

        clock.pin(now.plusSeconds(1));
        requiresReauthentication(current(token, "300"), 300);
        current(token, "301").then().statusCode(200);
    }

    @Test
    void maxAuthAgeZeroAcceptsOnlyAnAuthenticationInTheSameSecond() {
        String token = Api.newUserSession("stepup-zero");
        Instant now = Utc.now();
        authenticatedAt(token, now);

        clock.pin(now);
        current(token, "0").then().statusCode(200);
        clock.pin(now.plusSeconds(1));
        requiresReauthentication(current(token, "0"), 0);
    }

    @Test
    void reauthenticationRequiredLeavesTheSessionLive() {
        String token = Api.newUserSession("stepup-live");
        authenticatedAt(token, Utc.now().minusSeconds(600));

        requiresReauthentication(current(token, "300"), 300);

        current(token).then().statusCode(200);
    }

    @Test
    void aGuestSessionAlwaysNeedsToAuthenticateForAStepUp() {
        String guest = Api.guestSession();

        requiresReauthentication(current(guest, "2147483647"), 2147483647);

        current(guest).then().statusCode(200);
    }

    @Test
    void aMaxAuthAgeThatIsNotAWholeNumberOfSecondsIsABadRequest() {
        String token = Api.newUserSession("stepup-bad");
        for (String bad : new String[] {"-1", "abc", "1.5", "", " 5", "1e3", "0x10", "2147483648", "99999999999"}) {
            Response response = current(token, bad);
            assertEquals(400, response.statusCode(), "maxAuthAge=" + bad);
            response.then().contentType("application/problem+json")
                    .body("status", equalTo(400))
                    .body("detail", containsString("maxAuthAge"));
        }
        given().header("Authorization", Api.bearer(token)).when().get("/sessions/current?maxAuthAge")
                .then().statusCode(400).contentType("application/problem+json");
        given().header("Authorization", Api.bearer(token)).when().get("/sessions/current?maxAuthAge=60&maxAuthAge=60")
                .then().statusCode(400).contentType("application/problem+json");
        current(token, "2147483647").then().statusCode(200);
    }

    @Test
    void reauthenticatingRefreshesTheAuthenticationTimeUnderANewToken() {
        String token = Api.newUserSession("reauth");
        given().header("Authorization", Api.bearer(token)).contentType(ContentType.JSON)
                .body(Map.of("cart", "apple")).put("/sessions/current/data").then().statusCode(200);
        Response before = current(token);
        authenticatedAt(token, Utc.now().minusSeconds(3600));
        requiresReauthentication(current(token, "300"), 300);
        Instant start = Utc.now();

        Response reauthenticated = reauthenticate(token, Api.PASSWORD);

        reauthenticated.then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("session.id", equalTo(before.path("id")))
                .body("session.data", equalTo(Map.of("cart", "apple")))
                .body("session.version", equalTo(before.<Integer>path("version")))
                .body("session.user.loginName", equalTo(before.path("user.loginName")));
        String rotated = Api.tokenOf(reauthenticated);
        assertNotEquals(token, rotated);
        assertEquals(rotated, reauthenticated.getCookie("SESSION"));
        Instant refreshed = Instant.parse(reauthenticated.path("session.authenticatedAt"));
        assertFalse(refreshed.isBefore(start), refreshed + " is before the reauthentication at " + start);
        current(token).then().statusCode(401);
        current(rotated, "300").then().statusCode(200)
                .body("id", equalTo(before.path("id")))
                .body("authenticatedAt", equalTo(refreshed.toString()));
    }

    @Test
    void aWrongPasswordIsForbiddenAndChangesNothing() {
        String token = Api.newUserSession("reauth-wrong");
        Instant typed = Utc.now().minusSeconds(3600);
        authenticatedAt(token, typed);

        reauthenticate(token, "not the password").then().statusCode(403)
                .contentType("application/problem+json")
                .header("Set-Cookie", nullValue())
                .body("status", equalTo(403))
                .body("detail", equalTo("The password is wrong."));

        current(token).then().statusCode(200).body("authenticatedAt", equalTo(typed.toString()));
    }

    @Test
    void aGuestSessionCannotReauthenticate() {
        String guest = Api.guestSession();

        reauthenticate(guest, Api.PASSWORD).then().statusCode(400)
                .contentType("application/problem+json")
                .header("Set-Cookie", nullValue())
                .body("status", equalTo(400))
                .body("detail", containsString("guest"));

        current(guest).then().statusCode(200).body("authenticatedAt", nullValue());
    }

    @Test
    void reauthenticatingNeedsALiveSessionAndAPassword() {
        given().contentType(ContentType.JSON).body(Map.of("password", Api.PASSWORD))
                .when().post("/sessions/current/reauthenticate")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer");

        String token = Api.newUserSession("reauth-body");
        for (String body : new String[] {"{}", "{\"password\":null}", "{\"password\":5}", "[]", "not json"}) {
            given().header("Authorization", Api.bearer(token)).contentType(ContentType.JSON).body(body)
                    .when().post("/sessions/current/reauthenticate")
                    .then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
        }
        given().header("Authorization", Api.bearer(token)).contentType(ContentType.TEXT).body(Api.PASSWORD)
                .when().post("/sessions/current/reauthenticate")
                .then().statusCode(415).contentType("application/problem+json");
        current(token).then().statusCode(200);
    }

    @Test
    void theTokenBeforeAReauthenticationCannotReauthenticateAgain() {
        String token = Api.newUserSession("reauth-twice");
        String first = Api.tokenOf(reauthenticate(token, Api.PASSWORD).then().statusCode(200).extract().response());

        reauthenticate(token, Api.PASSWORD).then().statusCode(401);

        current(first).then().statusCode(200);
    }
}
