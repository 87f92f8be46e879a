package dev.cloakroom;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PlatformTest {

    @Test
    void readinessReportsTheDatabase() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database")));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void theOpenApiDescriptionCoversTheContract() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.keySet()", hasItem("/sessions/current/data"))
                .body("paths.keySet()", hasItem("/users/me/password"));
    }

    @Test
    void metricsAreServedForPrometheus() {
        given().post("/sessions").then().statusCode(201);
        given().get("/q/metrics").then().statusCode(200)
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
