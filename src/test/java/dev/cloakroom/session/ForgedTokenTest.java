package dev.cloakroom.session;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cloakroom.Api;
import dev.cloakroom.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A token names its row by id; only the secret behind the id proves the session. A forged
 * token (a real id with another secret) is treated as no token at all and changes nothing.
 */
@QuarkusTest
class ForgedTokenTest {

    @Inject
    Database database;

    private final SessionTokens tokens = new SessionTokens();

    private static long idOf(String token) {
        return SessionTokens.parse(token).orElseThrow().sessionId();
    }

    private String forgedFor(String victimToken) {
        return SessionTokens.token(idOf(victimToken), tokens.newSecret());
    }

    @Test
    void aForgedTokenReadsNothing() {
        String victim = Api.newUserSession("forged-read");
        given().header("Authorization", Api.bearer(forgedFor(victim)))
                .when().get("/sessions/current")
                .then().statusCode(401)
                .contentType("application/problem+json");
        given().cookie("SESSION", forgedFor(victim))
                .when().get("/sessions")
                .then().statusCode(401);
    }

    @Test
    void aForgedTokenWritesNothing() {
        String victim = Api.guestSession();
        given().header("Authorization", Api.bearer(victim)).contentType(ContentType.JSON)
                .body(Map.of("cart", 3)).when().put("/sessions/current/data")
                .then().statusCode(200);
        String forged = forgedFor(victim);
        given().header("Authorization", Api.bearer(forged)).contentType(ContentType.JSON)
                .body(Map.of("cart", 0)).when().put("/sessions/current/data")
                .then().statusCode(401);
        given().header("Authorization", Api.bearer(forged)).contentType("application/merge-patch+json")
                .body("{\"cart\":0}").when().patch("/sessions/current/data")
                .then().statusCode(401);
        given().header("Authorization", Api.bearer(victim)).when().get("/sessions/current")
                .then().statusCode(200)
                .header("ETag", "\"2\"")
                .body("data.cart", equalTo(3));
    }

    @Test
    void loggingOutWithAForgedTokenEndsNothing() {
        String victim = Api.guestSession();
        given().header("Authorization", Api.bearer(forgedFor(victim)))
                .when().delete("/sessions/current")
                .then().statusCode(204);
        assertEquals(1L, database.number("SELECT COUNT(*) FROM sessions WHERE id = ?", idOf(victim)));
        given().header("Authorization", Api.bearer(victim)).when().get("/sessions/current")
                .then().statusCode(200);
    }

    @Test
    void aLoginPresentingAForgedTokenNeitherEndsNorInheritsThatSession() {
        String victim = Api.guestSession();
        given().header("Authorization", Api.bearer(victim)).contentType(ContentType.JSON)
                .body(Map.of("secret", "the victim's")).when().put("/sessions/current/data")
                .then().statusCode(200);
        String name = Api.signUp(Api.uniqueName("forged-login"));
        given().header("Authorization", Api.bearer(forgedFor(victim))).contentType(ContentType.JSON)
                .body(Map.of("loginName", name, "password", Api.PASSWORD))
                .when().post("/sessions")
                .then().statusCode(201)
                .body("session.data", equalTo(Map.of()));
        given().header("Authorization", Api.bearer(victim)).when().get("/sessions/current")
                .then().statusCode(200)
                .body("data.secret", equalTo("the victim's"));
    }

    @Test
    void malformedTokensAreNoSessionNeverAServerError() {
        String real = Api.guestSession();
        String[] malformed = {
            "x",
            real.substring(1),
            real + "A",
            real.substring(0, 53) + "+",
            real.substring(0, 53) + "%",
            SessionTokens.token(0, tokens.newSecret()),
            SessionTokens.token(Long.MAX_VALUE, tokens.newSecret()),
            Base64.getUrlEncoder().withoutPadding().encodeToString(tokens.newSecret()),
        };
        for (String token : malformed) {
            given().header("Authorization", Api.bearer(token)).when().get("/sessions/current")
                    .then().statusCode(401)
                    .contentType("application/problem+json");
            given().header("Authorization", Api.bearer(token)).contentType(ContentType.JSON).body("{}")
                    .when().put("/sessions/current/data")
                    .then().statusCode(401);
            given().header("Authorization", Api.bearer(token)).when().delete("/sessions/current")
                    .then().statusCode(204);
        }
        given().header("Authorization", Api.bearer(real)).when().get("/sessions/current")
                .then().statusCode(200);
    }
}
