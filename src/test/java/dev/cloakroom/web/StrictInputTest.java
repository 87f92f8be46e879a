package dev.cloakroom.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.cloakroom.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A body that is not exactly one JSON value of the expected shape is refused with 400 and
 * changes nothing: duplicate keys, trailing content, numbers that do not survive a round trip,
 * lone surrogates, nesting past the limit, scalars where a string belongs.
 */
@QuarkusTest
class StrictInputTest {

    private static ValidatableResponse isBadRequest(ValidatableResponse response) {
        return response.statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400));
    }

    private static ValidatableResponse putData(String token, String body) {
        return given().header("Authorization", Api.bearer(token)).contentType(ContentType.JSON).body(body)
                .when().put("/sessions/current/data").then();
    }

    private static void dataIsStillEmpty(String token) {
        given().header("Authorization", Api.bearer(token)).get("/sessions/current")
                .then().statusCode(200).body("data", equalTo(Map.of()));
    }

    @Test
    void aDuplicateKeyInASignUpIsABadRequestAndCreatesNoUser() {
        String first = Api.uniqueName("dup-a");
        String second = Api.uniqueName("dup-b");
        isBadRequest(given().contentType(ContentType.JSON)
                .body("{\"loginName\":\"" + first + "\",\"password\":\"" + Api.PASSWORD + "\",\"loginName\":\""
                        + second + "\"}")
                .when().post("/users").then());
        Api.login(first, Api.PASSWORD).then().statusCode(401);
        Api.login(second, Api.PASSWORD).then().statusCode(401);
    }

    @Test
    void aDuplicateKeyInALoginOrInDataIsABadRequest() {
        String name = Api.signUp(Api.uniqueName("dup-login"));
        isBadRequest(given().contentType(ContentType.JSON)
                .body("{\"loginName\":\"" + name + "\",\"password\":\"x\",\"password\":\"" + Api.PASSWORD + "\"}")
                .when().post("/sessions").then());
        String token = Api.guestSession();
        isBadRequest(putData(token, "{\"a\":1,\"a\":2}"));
        dataIsStillEmpty(token);
    }

    @Test
    void trailingContentAfterTheJsonIsABadRequest() {
        String token = Api.guestSession();
        isBadRequest(putData(token, "{\"a\":1} xyz"));
        isBadRequest(putData(token, "{\"a\":1}{\"b\":2}"));
        String name = Api.signUp(Api.uniqueName("trailing"));
        isBadRequest(given().contentType(ContentType.JSON)
                .body("{\"loginName\":\"" + name + "\",\"password\":\"" + Api.PASSWORD + "\"} {}")
                .when().post("/sessions").then());
        dataIsStillEmpty(token);
    }

    @Test
    void numbersThatDoNotSurviveARoundTripAreBadRequests() {
        String token = Api.guestSession();
        isBadRequest(putData(token, "{\"big\":1e999999}"));
        isBadRequest(putData(token, "{\"tiny\":1e-999999}"));
        isBadRequest(putData(token, "{\"list\":[1,-1e400]}"));
        dataIsStillEmpty(token);
        // ordinary numbers, zero written as a float included, are kept
        putData(token, "{\"n\":1.5,\"z\":0.0,\"e\":2e-3,\"i\":12345678901234}").statusCode(200);
    }

    @Test
    void aLoneSurrogateIsABadRequest() {
        String token = Api.guestSession();
        isBadRequest(putData(token, "{\"s\":\"\\ud800\"}"));
        isBadRequest(putData(token, "{\"\\udc00\":1}"));
        dataIsStillEmpty(token);
        // a pair is a character like any other
        putData(token, "{\"s\":\"\\ud83d\\ude00\"}").statusCode(200);
    }

    @Test
    void dataNestedPastTheLimitIsRefusedAndTheSessionStaysReadable() {
        String token = Api.guestSession();
        isBadRequest(putData(token, nested(1000)))
                .body("detail", startsWith("Session data may be nested at most"));
        dataIsStillEmpty(token);
        given().header("Authorization", Api.bearer(token)).contentType("application/merge-patch+json")
                .body("{\"ok\":1}").when().patch("/sessions/current/data").then().statusCode(200);
        // data at the limit is stored and read back
        putData(token, nested(32)).statusCode(200);
        given().header("Authorization", Api.bearer(token)).get("/sessions/current").then().statusCode(200);
    }

    @Test
    void aLoginNameThatIsNotAStringIsABadRequest() {
        long number = 100_000_000L + (System.nanoTime() & 0x3FFFFFFL);
        isBadRequest(given().contentType(ContentType.JSON)
                .body("{\"loginName\":" + number + ",\"password\":\"" + Api.PASSWORD + "\"}")
                .when().post("/users").then());
        Api.login(Long.toString(number), Api.PASSWORD).then().statusCode(401);
    }

    @Test
    void locationNeverEchoesTheHostTheClientSent() {
        given().header("Host", "evil.example").contentType(ContentType.JSON)
                .body("{\"loginName\":\"" + Api.uniqueName("loc") + "\",\"password\":\"" + Api.PASSWORD + "\"}")
                .when().post("/users")
                .then().statusCode(201)
                .header("Location", startsWith("/users/"));
    }

    /** An object nested {@code depth} deep: {"a":{"a":...{}...}}. */
    private static String nested(int depth) {
        return "{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
    }
}
