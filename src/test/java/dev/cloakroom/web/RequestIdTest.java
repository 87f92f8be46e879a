package dev.cloakroom.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cloakroom.Api;
import dev.cloakroom.testsupport.LogCapture;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/** Every answer names its request, and so does every log line written for it. */
@QuarkusTest
class RequestIdTest {

    private static final String GENERATED = "[0-9a-f]{32}";

    @Test
    void aSaneRequestIdFromTheCallerIsKept() {
        given().header("X-Request-Id", "edge-4f2a.b_9").post("/sessions")
                .then().statusCode(201).header("X-Request-Id", "edge-4f2a.b_9");
    }

    @Test
    void withoutARequestIdEachRequestGetsANewOne() {
        String first = given().post("/sessions").then().statusCode(201)
                .header("X-Request-Id", matchesPattern(GENERATED)).extract().header("X-Request-Id");
        String second = given().post("/sessions").then().statusCode(201)
                .header("X-Request-Id", matchesPattern(GENERATED)).extract().header("X-Request-Id");
        assertNotEquals(first, second);
    }

    @Test
    void anIdThatIsNotAPlainTokenIsReplaced() {
        for (String presented : new String[] {"", "has space", "quote\"d", "x".repeat(65), "semi;colon", "%0d%0a"}) {
            given().header("X-Request-Id", presented).post("/sessions")
                    .then().statusCode(201).header("X-Request-Id", matchesPattern(GENERATED));
        }
        given().header("X-Request-Id", "y".repeat(64)).post("/sessions")
                .then().statusCode(201).header("X-Request-Id", "y".repeat(64));
    }

    @Test
    void problemAnswersAndRefusalsCarryTheIdToo() {
        given().header("X-Request-Id", "not-found-1").get("/no/such/thing")
                .then().statusCode(404).contentType("application/problem+json").header("X-Request-Id", "not-found-1");
        given().header("X-Request-Id", "no-session-1").get("/sessions/current")
                .then().statusCode(401).contentType("application/problem+json").header("X-Request-Id", "no-session-1");
    }

    @Test
    void theLinesLoggedForARequestCarryItsId() {
        String name = Api.signUp(Api.uniqueName("reqid"));
        try (LogCapture capture = LogCapture.start()) {
            given().header("X-Request-Id", "failed-login-1").contentType("application/json")
                    .body("{\"loginName\":\"" + name + "\",\"password\":\"not the password\"}")
                    .post("/sessions").then().statusCode(401);
            String token = given().header("X-Request-Id", "guest-1").post("/sessions").then().statusCode(201)
                    .extract().path("token");
            given().header("X-Request-Id", "guest-2").header("Authorization", Api.bearer(token)).get("/sessions/current")
                    .then().statusCode(200);

            List<ExtLogRecord> records = capture.records();
            assertEquals("failed-login-1", requestIdOf(records, "Failed login for '" + name + "'"));
            assertEquals("guest-1", requestIdOf(records, "Opened session"));
        }
    }

    private static String requestIdOf(List<ExtLogRecord> records, String messageStart) {
        List<ExtLogRecord> matching = records.stream()
                .filter(r -> r.getFormattedMessage().startsWith(messageStart)).toList();
        assertTrue(matching.size() == 1, "expected one line starting with " + messageStart + ": " + matching.size());
        return matching.get(0).getMdc(RequestIds.MDC_KEY);
    }
}
