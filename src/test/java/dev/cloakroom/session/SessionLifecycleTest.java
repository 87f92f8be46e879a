package dev.cloakroom.session;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cloakroom.Api;
import dev.cloakroom.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SessionLifecycleTest {

    @Inject
    Database database;

    @Test
    void aRequestWithNoBodyOpensAGuestSession() {
        given().when().post("/sessions")
                .then().statusCode(201)
                .header("ETag", "\"1\"")
                .body("session.user", nullValue())
                .body("session.id", matchesPattern("[A-Za-z0-9_-]{22}"))
                .body("session.data", equalTo(Map.of()));
        given().contentType(ContentType.JSON).body("{}").when().post("/sessions")
                .then().statusCode(201)
                .body("session.user", nullValue());
    }

    @Test
    void theCookieCarriesTheTokenWithTheContractsAttributes() {
        Response response = given().when().post("/sessions").then().statusCode(201).extract().response();
        String setCookie = response.header("Set-Cookie");
        String token = Api.tokenOf(response);
        assertTrue(setCookie.startsWith("SESSION=" + token + ";"), setCookie);
        assertTrue(setCookie.contains("; HttpOnly"), setCookie);
        assertTrue(setCookie.contains("; Path=/"), setCookie);
        assertTrue(setCookie.contains("; SameSite=Lax"), setCookie);
        // the test profile turns Secure off (plain HTTP); SessionCookiesTest covers it on
        assertTrue(!setCookie.contains("Secure"), setCookie);
        int maxAge = Integer.parseInt(setCookie.replaceAll(".*Max-Age=(\\d+).*", "$1"));
        assertTrue(maxAge > 12 * 3600 - 10 && maxAge <= 12 * 3600, "Max-Age " + maxAge);
    }

    @Test
    void theCookieAloneAuthenticates() {
        String token = Api.guestSession();
        given().cookie("SESSION", token).when().get("/sessions/current")
                .then().statusCode(200).body("user", nullValue());
    }

    @Test
    void theHeaderWinsWhenCookieAndHeaderDiffer() {
        String guest = Api.guestSession();
        String user = Api.newUserSession("header-wins");
        given().cookie("SESSION", guest).header("Authorization", Api.bearer(user))
                .when().get("/sessions/current")
                .then().statusCode(200).body("user.loginName", containsString("header-wins"));
    }

    @Test
    void currentSessionAnswersWithItsRepresentationAndETag() {
        String token = Api.newUserSession("current");
        given().header("Authorization", Api.bearer(token))
                .when().get("/sessions/current")
                .then().statusCode(200)
                .header("ETag", "\"1\"")
                .body("id", matchesPattern("[A-Za-z0-9_-]{22}"))
                .body("user.loginName", containsString("current"))
                .body("createdAt", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"))
                .body("lastSeenAt", equalTo(given().header("Authorization", Api.bearer(token))
                        .get("/sessions/current").path("createdAt")))
                .body("idleExpiresAt", not(nullValue()))
                .body("absoluteExpiresAt", not(nullValue()))
                .body("data", equalTo(Map.of()))
                .body("version", equalTo(1))
                .body("token", nullValue());
    }

    @Test
    void noOrUnknownTokenIsUnauthorizedAndClearsTheCookie() {
        given().when().get("/sessions/current")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo(401))
                .header("Set-Cookie", allOf(containsString("SESSION=;"), containsString("Max-Age=0")));
        given().cookie("SESSION", "not-a-token").when().get("/sessions/current")
                .then().statusCode(401)
                .header("Set-Cookie", containsString("Max-Age=0"));
    }

    @Test
    void theTokenNamesItsRowAndOnlyTheHashOfItsSecretIsStored() {
        Response response = given().when().post("/sessions").then().statusCode(201).extract().response();
        String token = Api.tokenOf(response);
        String publicId = response.jsonPath().getString("session.id");
        byte[] raw = Base64.getUrlDecoder().decode(token);
        assertEquals(40, raw.length);
        long id = ByteBuffer.wrap(raw).getLong();
        byte[] secret = Arrays.copyOfRange(raw, 8, 40);
        assertEquals(id, database.number("SELECT id FROM sessions WHERE public_id = ?", publicId));
        byte[] stored = (byte[]) database.single("SELECT token_hash FROM sessions WHERE id = ?", id);
        assertEquals(HexFormat.of().formatHex(SessionTokens.hash(secret)), HexFormat.of().formatHex(stored));
        assertEquals(0L, database.number("SELECT COUNT(*) FROM sessions WHERE id = ? AND "
                + "(data LIKE CONCAT('%', ?, '%') OR user_agent LIKE CONCAT('%', ?, '%'))", id, token, token));
    }

    @Test
    void logoutEndsTheSessionForGoodAndClearsTheCookie() {
        String token = Api.newUserSession("logout");
        given().header("Authorization", Api.bearer(token))
                .when().delete("/sessions/current")
                .then().statusCode(204)
                .header("Set-Cookie", allOf(containsString("SESSION=;"), containsString("Max-Age=0")));
        given().header("Authorization", Api.bearer(token)).when().get("/sessions/current")
                .then().statusCode(401);
        given().header("Authorization", Api.bearer(token)).contentType(ContentType.JSON).body("{}")
                .when().put("/sessions/current/data")
                .then().statusCode(401);
    }

    @Test
    void logoutWithoutAValidSessionIsStillNoContent() {
        given().when().delete("/sessions/current").then().statusCode(204);
        given().cookie("SESSION", "unknown").when().delete("/sessions/current").then().statusCode(204);
    }

    @Test
    void loginRotatesTheTokenOfAGuestSessionAndCarriesItsData() {
        String guest = Api.guestSession();
        given().header("Authorization", Api.bearer(guest)).contentType(ContentType.JSON)
                .body(Map.of("cart", java.util.List.of("apple")))
                .when().put("/sessions/current/data").then().statusCode(200);
        String name = Api.signUp(Api.uniqueName("rotate"));

        String user = Api.tokenOf(given().cookie("SESSION", guest).contentType(ContentType.JSON)
                .body(Map.of("loginName", name, "password", Api.PASSWORD))
                .when().post("/sessions")
                .then().statusCode(201)
                .body("session.user.loginName", equalTo(name))
                .body("session.data.cart[0]", equalTo("apple"))
                .extract().response());

        assertNotEquals(guest, user);
        given().header("Authorization", Api.bearer(guest)).when().get("/sessions/current").then().statusCode(401);
        given().header("Authorization", Api.bearer(user)).when().get("/sessions/current").then().statusCode(200)
                .body("data.cart[0]", equalTo("apple"));
    }

    @Test
    void loginAgainAsTheSameUserRotatesAndKeepsTheData() {
        String name = Api.signUp(Api.uniqueName("relogin"));
        String first = Api.tokenOf(Api.login(name, Api.PASSWORD));
        given().header("Authorization", Api.bearer(first)).contentType(ContentType.JSON)
                .body(Map.of("step", 3)).when().put("/sessions/current/data").then().statusCode(200);

        String second = Api.tokenOf(given().header("Authorization", Api.bearer(first)).contentType(ContentType.JSON)
                .body(Map.of("loginName", name, "password", Api.PASSWORD))
                .when().post("/sessions")
                .then().statusCode(201).body("session.data.step", equalTo(3))
                .extract().response());

        given().header("Authorization", Api.bearer(first)).when().get("/sessions/current").then().statusCode(401);
        given().header("Authorization", Api.bearer(second)).when().get("/sessions/current").then().statusCode(200);
    }

    @Test
    void loginOverAnotherUsersSessionEndsItWithoutCarryingItsData() {
        String other = Api.newUserSession("other");
        given().header("Authorization", Api.bearer(other)).contentType(ContentType.JSON)
                .body(Map.of("secret", "theirs")).when().put("/sessions/current/data").then().statusCode(200);
        String name = Api.signUp(Api.uniqueName("mine"));

        given().header("Authorization", Api.bearer(other)).contentType(ContentType.JSON)
                .body(Map.of("loginName", name, "password", Api.PASSWORD))
                .when().post("/sessions")
                .then().statusCode(201)
                .body("session.user.loginName", equalTo(name))
                .body("session.data", equalTo(Map.of()));
        given().header("Authorization", Api.bearer(other)).when().get("/sessions/current").then().statusCode(401);
    }

    @Test
    void aFailedLoginLeavesThePresentedSessionAlone() {
        String guest = Api.guestSession();
        given().header("Authorization", Api.bearer(guest)).contentType(ContentType.JSON)
                .body(Map.of("loginName", Api.uniqueName("ghost"), "password", "whatever1"))
                .when().post("/sessions").then().statusCode(401);
        given().header("Authorization", Api.bearer(guest)).when().get("/sessions/current").then().statusCode(200);
    }
}
