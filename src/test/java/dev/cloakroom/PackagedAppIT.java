package dev.cloakroom;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The packaged application (the jar that production runs), end to end over HTTP. */
@QuarkusIntegrationTest
@TestProfile(PackagedAppIT.ManagementPort.class)
class PackagedAppIT {

    /**
     * The launcher finds the HTTP port the jar chose in its log, but not the management port, and
     * a fixed one would collide with other runs on the machine: the test picks a free one and
     * hands it to the jar. A system property, so that every class loader reads the same choice.
     */
    public static class ManagementPort implements QuarkusTestProfile {
        private static final String PROPERTY = "cloakroom.it.management-port";

        static int port() {
            return Integer.parseInt((String) System.getProperties().computeIfAbsent(PROPERTY,
                    key -> Integer.toString(freePort())));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.management.port", Integer.toString(port()));
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void signUpLogInKeepDataAndLogOut() {
        String name = Api.signUp(Api.uniqueName("packaged"));
        String token = Api.tokenOf(Api.login(name, Api.PASSWORD).then().statusCode(201)
                .header("Set-Cookie", containsString("HttpOnly"))
                .extract().response());

        given().header("Authorization", Api.bearer(token)).contentType(ContentType.JSON)
                .body(Map.of("theme", "dark"))
                .when().put("/sessions/current/data")
                .then().statusCode(200).header("ETag", "\"2\"");
        given().header("Authorization", Api.bearer(token)).contentType("application/merge-patch+json")
                .body("{\"lang\":\"fr\"}")
                .when().patch("/sessions/current/data")
                .then().statusCode(200).body("data", equalTo(Map.of("theme", "dark", "lang", "fr")));
        given().cookie("SESSION", token).when().get("/sessions/current")
                .then().statusCode(200).body("user.loginName", equalTo(name)).body("version", equalTo(3));

        given().cookie("SESSION", token).when().delete("/sessions/current").then().statusCode(204);
        given().header("Authorization", Api.bearer(token)).when().get("/sessions/current")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void readinessAnswersOnTheManagementPortWhenTheDatabaseDoes() {
        given().baseUri("http://localhost").port(ManagementPort.port()).get("/q/health/ready")
                .then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(404).contentType("application/problem+json");
    }
}
