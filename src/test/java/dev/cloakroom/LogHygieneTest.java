package dev.cloakroom;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import dev.cloakroom.testsupport.LogCapture;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** No log line, at any level that is logged, carries a token or a password. */
@QuarkusTest
class LogHygieneTest {

    @Test
    void noLogLineCarriesATokenOrAPassword() {
        try (LogCapture capture = LogCapture.start()) {
            List<String> lines = capture.lines();
            String password = "hygiene-password-" + System.nanoTime();
            String name = Api.uniqueName("hygiene");
            given().contentType(ContentType.JSON).body(Map.of("loginName", name, "password", password))
                    .post("/users").then().statusCode(201);
            Api.login(name, "wrong-" + password).then().statusCode(401);
            String token = Api.tokenOf(Api.login(name, password).then().statusCode(201).extract().response());
            given().header("Authorization", Api.bearer(token)).contentType(ContentType.JSON).body("{\"a\":")
                    .put("/sessions/current/data").then().statusCode(400);
            given().header("Authorization", Api.bearer(token)).get("/sessions/current").then().statusCode(200);
            given().header("Authorization", Api.bearer(token)).contentType(ContentType.JSON)
                    .body(Map.of("password", "wrong-" + password)).post("/sessions/current/reauthenticate")
                    .then().statusCode(403);
            String stepped = Api.tokenOf(given().header("Authorization", Api.bearer(token)).contentType(ContentType.JSON)
                    .body(Map.of("password", password)).post("/sessions/current/reauthenticate")
                    .then().statusCode(200).extract().response());

            String publicId = given().header("Authorization", Api.bearer(stepped)).get("/sessions/current").path("id");
            given().header("Authorization", Api.bearer(stepped)).delete("/sessions/current").then().statusCode(204);
            assertTrue(lines.stream().anyMatch(l -> l.contains("Failed login for '" + name + "'")), lines.toString());
            assertTrue(lines.stream().anyMatch(l -> l.contains("Opened session") && l.contains(publicId)), lines.toString());
            assertTrue(lines.stream().anyMatch(l -> l.contains("reauthenticated") && l.contains(publicId)), lines.toString());
            for (String line : lines) {
                assertTrue(!line.contains(token), "a log line carries the token: " + line);
                assertTrue(!line.contains(stepped), "a log line carries the token after reauthentication: " + line);
                assertTrue(!line.contains(password), "a log line carries the password: " + line);
            }
        }
    }
}
