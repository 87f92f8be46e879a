package dev.cloakroom;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PlatformTest {

    /** The management interface's /q, on the random port the test run gave it. */
    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void readinessReportsTheDatabaseOnTheManagementPort() {
        given().baseUri(management.toString()).get("health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database")));
        given().baseUri(management.toString()).get("health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void healthAndMetricsAreNotServedOnThePublicPort() {
        for (String path : new String[] {"/q/health", "/q/health/ready", "/q/health/live", "/q/metrics"}) {
            given().get(path).then().statusCode(404).contentType("application/problem+json")
                    .body(not(containsString("UP")))
                    .body(not(containsString("http_server_requests")));
        }
    }

    @Test
    void theOpenApiDescriptionCoversTheContract() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.keySet()", hasItem("/sessions/current/data"))
                .body("paths.keySet()", hasItem("/users/me/password"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void metricsAreServedForPrometheusOnTheManagementPort() {
        given().post("/sessions").then().statusCode(201);
        given().baseUri(management.toString()).get("metrics").then().statusCode(200)
                .body(containsString("http_server_requests_seconds_count{"))
                .body(containsString("uri=\"/sessions\""));
    }

    @Test
    void unknownPathsAndMethodsAnswerProblemDocuments() {
        given().get("/no/such/thing").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404));
        given().put("/sessions").then().statusCode(405).contentType("application/problem+json")
                .body("status", equalTo(405));
    }
}
