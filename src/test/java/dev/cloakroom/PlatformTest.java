package dev.cloakroom;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    void theOperatorMetersArePublishedWithThePoolGauges() {
        Api.login(Api.uniqueName("nobody"), Api.PASSWORD).then().statusCode(401);
        given().header("Authorization", Api.bearer(Api.guestSession())).get("/sessions/current").then().statusCode(200);
        String text = given().baseUri(management.toString()).accept("text/plain; version=0.0.4").get("metrics")
                .then().statusCode(200).extract().asString();
        for (String sample : new String[] {
                "cloakroom_logins_total{outcome=\"unknown_user\"",
                "cloakroom_logins_total{outcome=\"throttled\"",
                "cloakroom_sessions_created_total{kind=\"guest\"",
                "cloakroom_sessions_revoked_total{kind=\"password_change\"",
                "cloakroom_sessions_lookup_seconds_bucket{le=",
                "cloakroom_sessions_lookup_seconds_count",
                "agroal_active_count{datasource=\"default\"",
                "agroal_awaiting_count{datasource=\"default\"",
                "agroal_max_used_count{datasource=\"default\""}) {
            String name = sample.replaceFirst("[{ ].*", "");
            assertTrue(text.contains(sample), "no " + sample + " in /q/metrics: "
                    + text.lines().filter(l -> l.startsWith(name)).toList());
        }
    }

    /**
     * Prometheus' own checker (Debian package prometheus, which .ci/run installs): the text parses,
     * and its lint finds nothing in our meters (it does in some of the libraries': agroal_*_count
     * gauges, milliseconds, missing help texts, which are theirs to name).
     */
    @Test
    void theMetricsParseAndOursPassPromtoolsLint() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        assertTrue(Files.isExecutable(promtool), "promtool is missing: apt-get install prometheus (.ci/run does)");
        String text = given().baseUri(management.toString()).accept("text/plain; version=0.0.4").get("metrics")
                .then().statusCode(200).extract().asString();
        Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (var in = check.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String report = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(check.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        assertTrue(check.exitValue() == 0 || check.exitValue() == 3, "promtool could not read the metrics: " + report);
        assertEquals(List.of(), report.lines().filter(l -> l.startsWith("cloakroom_")).toList(), report);
        assertTrue(text.contains("cloakroom_sessions_lookup_seconds_bucket"), "our meters were not in the text checked");
    }

    @Test
    void unknownPathsAndMethodsAnswerProblemDocuments() {
        given().get("/no/such/thing").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404));
        given().put("/sessions").then().statusCode(405).contentType("application/problem+json")
                .body("status", equalTo(405));
    }
}
