package dev.cloakroom;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloakroom.testsupport.LogCapture;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.junit.jupiter.api.Test;

/**
 * The production log switches on: JSON console lines and the access log. The inherited test runs
 * the same flow under them; this one reads the lines as the console writes them.
 */
@QuarkusTest
@TestProfile(JsonLogHygieneTest.JsonAndAccessLog.class)
class JsonLogHygieneTest extends LogHygieneTest {

    public static class JsonAndAccessLog implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.log.console.json.enabled", "true",
                    "quarkus.http.access-log.enabled", "true");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void jsonLinesAndTheAccessLogCarryTheRequestIdAndNoSecret() throws IOException {
        Formatter console = consoleFormatter();
        String password = "json-hygiene-" + System.nanoTime();
        String name = Api.uniqueName("jsonlog");
        String token;
        List<String> written = new ArrayList<>();
        try (LogCapture capture = LogCapture.start()) {
            given().contentType(ContentType.JSON).body(Map.of("loginName", name, "password", password))
                    .post("/users").then().statusCode(201);
            given().header("X-Request-Id", "json-failed-1").contentType(ContentType.JSON)
                    .body(Map.of("loginName", name, "password", "wrong-" + password))
                    .post("/sessions?password=" + password).then().statusCode(401);
            token = Api.tokenOf(Api.login(name, password).then().statusCode(201).extract().response());
            given().header("X-Request-Id", "json-current-1").header("Authorization", Api.bearer(token))
                    .cookie("SESSION", token).get("/sessions/current?token=" + token).then().statusCode(200);
            given().header("X-Request-Id", "json-logout-1").cookie("SESSION", token).delete("/sessions/current")
                    .then().statusCode(204);
            for (ExtLogRecord record : capture.records()) {
                written.add(console.format(record));
            }
        }

        List<JsonNode> lines = new ArrayList<>();
        for (String line : written) {
            assertFalse(line.contains(token), "a log line carries the token: " + line);
            assertFalse(line.contains(password), "a log line carries the password: " + line);
            lines.add(JSON.readTree(line));
        }
        JsonNode failed = only(lines, l -> l.path("message").asText().startsWith("Failed login for '" + name + "'"));
        assertEquals("json-failed-1", failed.path("mdc").path("requestId").asText());
        JsonNode access = only(lines, l -> l.path("loggerName").asText().equals("io.quarkus.http.access-log")
                && l.path("message").asText().contains("GET /sessions/current "));
        assertEquals("json-current-1", access.path("mdc").path("requestId").asText());
        assertTrue(access.path("message").asText().contains("requestId=json-current-1"), access.toString());
        only(lines, l -> l.path("loggerName").asText().equals("io.quarkus.http.access-log")
                && l.path("message").asText().contains("POST /sessions ")
                && l.path("mdc").path("requestId").asText().equals("json-failed-1"));
    }

    private static JsonNode only(List<JsonNode> lines, java.util.function.Predicate<JsonNode> which) {
        List<JsonNode> found = lines.stream().filter(which).toList();
        assertEquals(1, found.size(), "lines: " + lines);
        return found.get(0);
    }

    /** The formatter of the console handler Quarkus installed: with this profile, its JSON one. */
    private static Formatter consoleFormatter() {
        Optional<Formatter> found = consoleFormatterIn(Logger.getLogger("").getHandlers());
        assertNotNull(found.orElse(null), "no console handler on the root logger");
        return found.get();
    }

    private static Optional<Formatter> consoleFormatterIn(Handler[] handlers) {
        for (Handler handler : handlers) {
            if (handler instanceof ConsoleHandler) {
                return Optional.of(handler.getFormatter());
            }
            if (handler instanceof ExtHandler ext) {
                Optional<Formatter> inner = consoleFormatterIn(ext.getHandlers());
                if (inner.isPresent()) {
                    return inner;
                }
            }
        }
        return Optional.empty();
    }
}
