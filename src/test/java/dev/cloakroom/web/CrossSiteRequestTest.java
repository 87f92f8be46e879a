package dev.cloakroom.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.cloakroom.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cross-site refusal, branch by branch, over plain HTTP: what a browser would send from a
 * page on another origin (Origin, Sec-Fetch-Site) with the victim's cookie attached.
 */
@QuarkusTest
class CrossSiteRequestTest {

    private static final String EVIL = "http://evil.test";
    private static final String SAME_SITE = "http://localhost:1";

    @TestHTTPResource("/")
    URL root;

    private String ownOrigin() {
        return "http://" + root.getHost() + ":" + root.getPort();
    }

    private static String victimSession() {
        return Api.newUserSession("victim");
    }

    private static void stillLoggedIn(String token) {
        given().cookie("SESSION", token).get("/sessions/current")
                .then().statusCode(200)
                .body("user.loginName", notNullValue());
    }

    private static ValidatableResponse refused(ValidatableResponse response) {
        return response.statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("about:blank"))
                .body("title", equalTo("Forbidden"))
                .body("status", equalTo(403))
                .body("detail", startsWith("Cross-site request refused"));
    }

    /** Every unsafe call a page could aim at the service, with a body it would accept. */
    static Stream<Arguments> unsafeCalls() {
        String login = "{\"loginName\":\"attacker\",\"password\":\"attacker password\"}";
        return Stream.of(
                Arguments.of("POST", "/sessions", "application/json", login),
                Arguments.of("POST", "/sessions", null, null),
                Arguments.of("POST", "/users", "application/json", "{\"loginName\":\"" + Api.uniqueName("csrf") + "\",\"password\":\"whatever password\"}"),
                Arguments.of("PUT", "/users/me/password", "application/json", "{\"currentPassword\":\"" + Api.PASSWORD + "\",\"newPassword\":\"attacker password\"}"),
                Arguments.of("POST", "/sessions/current/reauthenticate", "application/json", "{\"password\":\"" + Api.PASSWORD + "\"}"),
                Arguments.of("PUT", "/sessions/current/data", "application/json", "{\"cart\":\"attacker\"}"),
                Arguments.of("PATCH", "/sessions/current/data", "application/merge-patch+json", "{\"cart\":\"attacker\"}"),
                Arguments.of("DELETE", "/sessions/current", null, null),
                Arguments.of("DELETE", "/sessions", null, null),
                Arguments.of("DELETE", "/sessions/AAAAAAAAAAAAAAAAAAAAAA", null, null),
                Arguments.of("POST", "/admin/prune", null, null),
                Arguments.of("POST", "/no/such/resource", "application/json", "{}"));
    }

    private static RequestSpecification call(String contentType, String body) {
        RequestSpecification spec = given();
        if (contentType != null) {
            spec = spec.contentType(contentType);
        }
        if (body != null) {
            spec = spec.body(body);
        }
        return spec;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("unsafeCalls")
    void anUnsafeCallFromAForeignOriginIsRefusedAndLeavesTheSessionAlone(String method, String path, String contentType,
            String body) {
        String victim = victimSession();
        refused(call(contentType, body).cookie("SESSION", victim).header("Origin", EVIL)
                .request(method, path).then());
        stillLoggedIn(victim);
    }

    @ParameterizedTest(name = "Sec-Fetch-Site: {0}")
    @ValueSource(strings = { "cross-site", "same-site" })
    void withoutOriginAForeignSecFetchSiteIsRefused(String site) {
        String victim = victimSession();
        refused(given().cookie("SESSION", victim).header("Sec-Fetch-Site", site)
                .delete("/sessions/current").then());
        refused(call("text/plain", "{\"loginName\":\"attacker\",\"password\":\"attacker password\"}")
                .cookie("SESSION", victim).header("Sec-Fetch-Site", site)
                .post("/sessions").then());
        stillLoggedIn(victim);
    }

    @Test
    void aSameSitePageOnAnotherPortIsForeign() {
        String victim = victimSession();
        refused(given().cookie("SESSION", victim).header("Origin", SAME_SITE).header("Sec-Fetch-Site", "same-site")
                .delete("/sessions/current").then());
        stillLoggedIn(victim);
    }

    @Test
    void theOpaqueNullOriginIsForeign() {
        String victim = victimSession();
        refused(given().cookie("SESSION", victim).header("Origin", "null").delete("/sessions/current").then());
        stillLoggedIn(victim);
    }

    @Test
    void anOriginThatOnlyLooksLikeOursIsForeign() {
        String victim = victimSession();
        for (String lookalike : new String[] { ownOrigin() + ".evil.test", ownOrigin() + "0", "https://" + root.getHost() + ":"
                + root.getPort(), ownOrigin() + "/", "http://user@" + root.getHost() + ":" + root.getPort() }) {
            refused(given().cookie("SESSION", victim).header("Origin", lookalike).delete("/sessions/current").then());
        }
        stillLoggedIn(victim);
    }

    @Test
    void aSecondOriginHeaderBesideOursIsForeign() {
        String victim = victimSession();
        refused(given().cookie("SESSION", victim).header("Origin", ownOrigin()).header("Origin", EVIL)
                .delete("/sessions/current").then());
        refused(given().cookie("SESSION", victim).header("Origin", "").delete("/sessions/current").then());
        stillLoggedIn(victim);
    }

    @Test
    void theServicesOwnOriginPasses() {
        String name = Api.signUp(Api.uniqueName("own"));
        String token = Api.tokenOf(given().header("Origin", ownOrigin()).header("Sec-Fetch-Site", "same-origin")
                .contentType("application/json")
                .body(Map.of("loginName", name, "password", Api.PASSWORD))
                .post("/sessions").then().statusCode(201).extract().response());
        given().cookie("SESSION", token).header("Origin", ownOrigin()).delete("/sessions/current")
                .then().statusCode(204);
    }

    @ParameterizedTest(name = "Sec-Fetch-Site: {0}")
    @ValueSource(strings = { "same-origin", "none" })
    void withoutOriginASameOriginOrUserInitiatedRequestPasses(String site) {
        String token = victimSession();
        given().cookie("SESSION", token).header("Sec-Fetch-Site", site).contentType("application/json").body("{\"a\":1}")
                .put("/sessions/current/data").then().statusCode(200);
    }

    @Test
    void aRequestWithNeitherHeaderPasses() {
        String token = victimSession();
        given().cookie("SESSION", token).contentType("application/json").body("{\"a\":1}")
                .put("/sessions/current/data").then().statusCode(200);
        given().cookie("SESSION", token).delete("/sessions/current").then().statusCode(204);
    }

    @Test
    void aBearerTokenAloneIsNotAffected() {
        String token = victimSession();
        given().header("Authorization", Api.bearer(token)).header("Origin", EVIL).header("Sec-Fetch-Site", "cross-site")
                .contentType("application/json").body("{\"a\":1}")
                .put("/sessions/current/data").then().statusCode(200);
        given().header("Authorization", Api.bearer(token)).header("Origin", EVIL)
                .delete("/sessions/current").then().statusCode(204);
    }

    @Test
    void aBearerTokenWithTheSessionCookieFromAForeignOriginIsRefused() {
        String victim = victimSession();
        String attacker = Api.newUserSession("attacker");
        refused(given().cookie("SESSION", victim).header("Authorization", Api.bearer(attacker)).header("Origin", EVIL)
                .delete("/sessions/current").then());
        stillLoggedIn(victim);
        given().header("Authorization", Api.bearer(attacker)).get("/sessions/current").then().statusCode(200);
    }

    @Test
    void safeMethodsFromAForeignOriginPassWithoutCorsHeaders() {
        String token = victimSession();
        given().cookie("SESSION", token).header("Origin", EVIL).header("Sec-Fetch-Site", "cross-site")
                .get("/sessions/current")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue())
                .header("Access-Control-Allow-Credentials", nullValue());
        given().header("Origin", EVIL).head("/sessions/current").then().statusCode(401);
    }

    @Test
    void noOriginIsAnsweredWithCorsByDefault() {
        for (String origin : new String[] { EVIL, SAME_SITE, "null", "http://allowed.test" }) {
            given().header("Origin", origin).header("Access-Control-Request-Method", "DELETE")
                    .header("Access-Control-Request-Headers", "content-type")
                    .options("/sessions/current")
                    .then().statusCode(not(equalTo(500)))
                    .header("Access-Control-Allow-Origin", nullValue())
                    .header("Access-Control-Allow-Credentials", nullValue())
                    .header("Access-Control-Allow-Methods", nullValue());
        }
    }

    @Test
    void forwardedHeadersAreNotTrustedUnlessConfigured() {
        String victim = victimSession();
        refused(given().cookie("SESSION", victim).header("Origin", "https://cloakroom.example")
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "cloakroom.example")
                .header("Forwarded", "proto=https;host=cloakroom.example")
                .delete("/sessions/current").then());
        stillLoggedIn(victim);
    }
}
