package dev.cloakroom.session;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.cloakroom.Api;
import dev.cloakroom.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OwnSessionsTest {

    @Inject
    Database database;

    private static String idOf(String token) {
        return given().header("Authorization", Api.bearer(token)).get("/sessions/current").path("id");
    }

    @Test
    void listingShowsTheUsersLiveSessionsAndMarksTheCurrentOne() {
        String name = Api.signUp(Api.uniqueName("list"));
        String first = Api.tokenOf(given().header("User-Agent", "browser-one").contentType("application/json")
                .body(java.util.Map.of("loginName", name, "password", Api.PASSWORD)).post("/sessions"));
        String second = Api.tokenOf(Api.login(name, Api.PASSWORD));
        String expired = Api.tokenOf(Api.login(name, Api.PASSWORD));
        Instant past = Instant.now().minusSeconds(5);
        database.update("UPDATE sessions SET expires_at = ? WHERE public_id = ?", past, idOf(expired));
        Api.newUserSession("someone-else");

        given().header("Authorization", Api.bearer(second)).when().get("/sessions")
                .then().statusCode(200)
                .body("", hasSize(2))
                .body("id", containsInAnyOrder(idOf(first), idOf(second)))
                .body("find { it.current }.id", equalTo(idOf(second)))
                .body("find { !it.current }.userAgent", equalTo("browser-one"))
                .body("find { !it.current }.ip", equalTo("127.0.0.1"))
                .body("[0].createdAt", notNullValue())
                .body("[0].lastSeenAt", notNullValue())
                .body("[0].expiresAt", notNullValue());
    }

    @Test
    void eachSessionIsListedWithTheNameOfItsDevice() {
        String name = Api.signUp(Api.uniqueName("devices"));
        String chrome = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/131.0.0.0 Safari/537.36";
        String firefox = "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0";
        for (String userAgent : new String[] {chrome, firefox, "in-house-sync/2.1"}) {
            given().header("User-Agent", userAgent).contentType("application/json")
                    .body(java.util.Map.of("loginName", name, "password", Api.PASSWORD)).post("/sessions")
                    .then().statusCode(201);
        }
        String mine = Api.tokenOf(given().header("User-Agent", chrome).contentType("application/json")
                .body(java.util.Map.of("loginName", name, "password", Api.PASSWORD)).post("/sessions"));

        given().header("Authorization", Api.bearer(mine)).when().get("/sessions")
                .then().statusCode(200)
                .body("", hasSize(4))
                .body("find { it.current }.deviceName", equalTo("Chrome 131 on Mac OS X"))
                .body("find { it.userAgent == '" + firefox + "' }.deviceName", equalTo("Firefox Mobile 133 on Android"))
                .body("find { it.userAgent == 'in-house-sync/2.1' }.deviceName", nullValue())
                .body("find { it.userAgent == 'in-house-sync/2.1' }", hasKey("deviceName"));
    }

    @Test
    void guestsAndStrangersCannotList() {
        given().header("Authorization", Api.bearer(Api.guestSession())).get("/sessions")
                .then().statusCode(401).contentType("application/problem+json");
        given().get("/sessions").then().statusCode(401);
    }

    @Test
    void revokingOneSessionEndsOnlyThatSession() {
        String name = Api.signUp(Api.uniqueName("revoke"));
        String keep = Api.tokenOf(Api.login(name, Api.PASSWORD));
        String drop = Api.tokenOf(Api.login(name, Api.PASSWORD));

        given().header("Authorization", Api.bearer(keep)).when().delete("/sessions/" + idOf(drop))
                .then().statusCode(204);

        given().header("Authorization", Api.bearer(drop)).get("/sessions/current").then().statusCode(401);
        given().header("Authorization", Api.bearer(keep)).get("/sessions/current").then().statusCode(200);
    }

    @Test
    void anotherUsersSessionIdIsNotFound() {
        String mine = Api.newUserSession("mine");
        String theirs = Api.newUserSession("theirs");
        given().header("Authorization", Api.bearer(mine)).when().delete("/sessions/" + idOf(theirs))
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
        given().header("Authorization", Api.bearer(theirs)).get("/sessions/current").then().statusCode(200);
        given().header("Authorization", Api.bearer(mine)).when().delete("/sessions/AAAAAAAAAAAAAAAAAAAAAA")
                .then().statusCode(404);
    }

    @Test
    void revokingOthersKeepsTheCurrentSessionAndCountsTheRest() {
        String name = Api.signUp(Api.uniqueName("others"));
        String a = Api.tokenOf(Api.login(name, Api.PASSWORD));
        String b = Api.tokenOf(Api.login(name, Api.PASSWORD));
        String current = Api.tokenOf(Api.login(name, Api.PASSWORD));
        String stranger = Api.newUserSession("stranger");

        given().header("Authorization", Api.bearer(current)).when().delete("/sessions")
                .then().statusCode(200).body("revoked", equalTo(2));

        given().header("Authorization", Api.bearer(a)).get("/sessions/current").then().statusCode(401);
        given().header("Authorization", Api.bearer(b)).get("/sessions/current").then().statusCode(401);
        given().header("Authorization", Api.bearer(current)).get("/sessions/current").then().statusCode(200);
        given().header("Authorization", Api.bearer(stranger)).get("/sessions/current").then().statusCode(200);
        given().delete("/sessions").then().statusCode(401);
    }

    @Test
    void aRevokedSessionIsGoneForEveryReaderAtOnce() {
        // every instance reads the same row; deleting it is what every reader sees next
        String name = Api.signUp(Api.uniqueName("shared"));
        String token = Api.tokenOf(Api.login(name, Api.PASSWORD));
        Response before = given().header("Authorization", Api.bearer(token)).get("/sessions/current");
        before.then().statusCode(200);
        database.update("DELETE FROM sessions WHERE public_id = ?", before.jsonPath().getString("id"));
        given().header("Authorization", Api.bearer(token)).get("/sessions/current").then().statusCode(401);
    }
}
