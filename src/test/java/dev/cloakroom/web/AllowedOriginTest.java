package dev.cloakroom.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.equalToIgnoringCase;
import static org.hamcrest.Matchers.nullValue;

import dev.cloakroom.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An origin listed in cloakroom.web.allowed-origins, behind a proxy the service trusts. */
@QuarkusTest
@TestProfile(AllowedOriginTest.Listed.class)
class AllowedOriginTest {

    static final String ALLOWED = "http://allowed.test:8123";
    static final String ALSO_ALLOWED = "https://app.example";

    public static class Listed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cloakroom.web.allowed-origins", ALLOWED + ", " + ALSO_ALLOWED,
                    "quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "quarkus.http.proxy.enable-forwarded-host", "true");
        }
    }

    @Test
    void anAllowedOriginLogsInAndCallsTheApiWithCredentials() {
        String name = Api.signUp(Api.uniqueName("allowed"));
        String token = Api.tokenOf(given().header("Origin", ALLOWED).header("Sec-Fetch-Site", "cross-site")
                .contentType("application/json").body(Map.of("loginName", name, "password", Api.PASSWORD))
                .post("/sessions")
                .then().statusCode(201)
                .header("Access-Control-Allow-Origin", equalTo(ALLOWED))
                .header("Access-Control-Allow-Credentials", equalTo("true"))
                .header("Access-Control-Expose-Headers", containsString("ETag"))
                .header("Vary", containsString("Origin"))
                .extract().response());
        given().header("Origin", ALSO_ALLOWED).cookie("SESSION", token).contentType("application/json").body("{\"a\":1}")
                .put("/sessions/current/data")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(ALSO_ALLOWED));
        given().header("Origin", ALLOWED).cookie("SESSION", token).delete("/sessions/current")
                .then().statusCode(204);
    }

    @Test
    void aPreflightFromAnAllowedOriginIsAnswered() {
        given().header("Origin", ALLOWED).header("Access-Control-Request-Method", "PATCH")
                .header("Access-Control-Request-Headers", "content-type, authorization, if-match")
                .options("/sessions/current/data")
                .then().statusCode(204)
                .header("Access-Control-Allow-Origin", equalTo(ALLOWED))
                .header("Access-Control-Allow-Credentials", equalTo("true"))
                .header("Access-Control-Allow-Methods", containsString("PATCH"))
                .header("Access-Control-Allow-Methods", containsString("PUT"))
                .header("Access-Control-Allow-Methods", containsString("DELETE"))
                .header("Access-Control-Allow-Headers", containsString("Content-Type"))
                .header("Access-Control-Allow-Headers", containsString("Authorization"))
                .header("Access-Control-Allow-Headers", containsString("If-Match"))
                .header("Access-Control-Expose-Headers", containsString("Location"));
    }

    @Test
    void anOriginNotListedGetsNeitherCorsNorTheCall() {
        given().header("Origin", "http://allowed.test:8124").header("Access-Control-Request-Method", "DELETE")
                .options("/sessions/current")
                .then().header("Access-Control-Allow-Origin", nullValue());
        String victim = Api.newUserSession("victim");
        given().header("Origin", "http://allowed.test:8124").cookie("SESSION", victim).delete("/sessions/current")
                .then().statusCode(403).contentType("application/problem+json")
                .header("Access-Control-Allow-Origin", nullValue());
        given().cookie("SESSION", victim).get("/sessions/current").then().statusCode(200);
    }

    @Test
    void behindATrustedProxyTheOwnOriginIsThePublicOne() {
        String token = Api.newUserSession("proxied");
        given().header("Origin", "https://cloakroom.example").header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "cloakroom.example").cookie("SESSION", token)
                .contentType("application/json").body("{\"a\":1}")
                .put("/sessions/current/data")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "https://cloakroom.example").header("X-Forwarded-Proto", "http")
                .header("X-Forwarded-Host", "cloakroom.example").cookie("SESSION", token)
                .delete("/sessions/current")
                .then().statusCode(403);
        given().cookie("SESSION", token).get("/sessions/current").then().statusCode(200)
                .body("data.a", equalTo(1));
    }

    @Test
    void anAllowedOriginStillSendsJsonOnly() {
        given().header("Origin", ALLOWED).contentType("text/plain").body("{}").post("/sessions")
                .then().statusCode(415)
                .header("Content-Type", equalToIgnoringCase("application/problem+json"))
                .header("Access-Control-Allow-Origin", equalTo(ALLOWED));
    }
}
