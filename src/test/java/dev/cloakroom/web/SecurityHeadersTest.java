package dev.cloakroom.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.cloakroom.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SecurityHeadersTest {

    private static ValidatableResponse apiHeaders(ValidatableResponse response) {
        return response.header("Cache-Control", equalTo("no-store"))
                .header("X-Content-Type-Options", equalTo("nosniff"));
    }

    @Test
    void everyResponseThatCarriesATokenOrSessionDataIsNotStored() {
        String name = Api.signUp(Api.uniqueName("headers"));
        apiHeaders(Api.login(name, Api.PASSWORD).then().statusCode(201));
        apiHeaders(given().post("/sessions").then().statusCode(201));
        String token = Api.tokenOf(Api.login(name, Api.PASSWORD));
        String bearer = Api.bearer(token);

        apiHeaders(given().header("Authorization", bearer).get("/sessions/current").then().statusCode(200));
        apiHeaders(given().header("Authorization", bearer).contentType("application/json").body("{\"a\":1}")
                .put("/sessions/current/data").then().statusCode(200));
        apiHeaders(given().header("Authorization", bearer).contentType("application/merge-patch+json").body("{\"b\":2}")
                .patch("/sessions/current/data").then().statusCode(200));
        apiHeaders(given().header("Authorization", bearer).get("/sessions").then().statusCode(200));
        // a password change answers with a new token for this session
        String rotated = Api.bearer(Api.tokenOf(apiHeaders(given().header("Authorization", bearer)
                .contentType("application/json")
                .body(Map.of("currentPassword", Api.PASSWORD, "newPassword", "another fine password"))
                .put("/users/me/password").then().statusCode(200)).extract().response()));
        apiHeaders(given().header("Authorization", rotated).delete("/sessions").then().statusCode(200));
        apiHeaders(given().header("Authorization", rotated).delete("/sessions/current").then().statusCode(204));
    }

    @Test
    void errorsUnderTheApiAreNotStoredEither() {
        apiHeaders(given().header("Authorization", Api.bearer("not-a-token")).get("/sessions/current")
                .then().statusCode(401).contentType("application/problem+json"));
        apiHeaders(given().header("Origin", "http://evil.test").delete("/sessions/current")
                .then().statusCode(403).contentType("application/problem+json"));
        apiHeaders(given().contentType("application/json").body("{\"loginName\":1}").post("/users")
                .then().statusCode(400).contentType("application/problem+json"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "/", "/index.html", "/account.css", "/account.js" })
    void theAccountPageAndItsAssetsCarryAStrictPolicy(String path) {
        given().get(path).then().statusCode(200)
                .header("Content-Security-Policy", startsWith("default-src 'none'"))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("Content-Security-Policy", containsString("style-src 'self'"))
                .header("Content-Security-Policy", containsString("connect-src 'self'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Content-Security-Policy", containsString("form-action 'self'"))
                .header("Content-Security-Policy", containsString("base-uri 'none'"))
                .header("X-Frame-Options", equalTo("DENY"))
                .header("Referrer-Policy", equalTo("no-referrer"))
                .header("X-Content-Type-Options", equalTo("nosniff"));
    }

    @Test
    void theRootServesTheAccountPage() {
        given().get("/").then().statusCode(200)
                .contentType(startsWith("text/html"))
                .body(containsString("<title>Cloakroom"));
    }
}
