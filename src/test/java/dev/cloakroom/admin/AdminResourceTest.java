package dev.cloakroom.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.isOneOf;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cloakroom.prune.PruneLease;
import dev.cloakroom.testsupport.LogCapture;
import dev.cloakroom.testsupport.Logins;
import dev.cloakroom.testsupport.SessionRows;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AdminResourceTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    SessionRows rows;

    @Inject
    PruneLease lease;

    /** Each operator call, made with the given request. */
    static Stream<Function<RequestSpecification, io.restassured.response.Response>> operatorCalls() {
        return Stream.of(
                request -> request.get("/admin/sessions/stats"),
                request -> request.post("/admin/prune"),
                request -> request.get("/admin/prune/runs"),
                request -> request.delete("/admin/users/root-admin/sessions"));
    }

    @ParameterizedTest
    @MethodSource("operatorCalls")
    void operatorCallsNeedASession(Function<RequestSpecification, io.restassured.response.Response> call) {
        call.apply(given()).then()
                .statusCode(401)
                .contentType(PROBLEM)
                .body("status", equalTo(401))
                .body("title", equalTo("Unauthorized"));
    }

    @ParameterizedTest
    @MethodSource("operatorCalls")
    void operatorCallsAreForbiddenToOrdinaryUsers(Function<RequestSpecification, io.restassured.response.Response> call) {
        String token = Logins.login(Logins.newUser("not-admin"), Logins.PASSWORD);
        call.apply(given().auth().oauth2(token)).then()
                .statusCode(403)
                .contentType(PROBLEM)
                .body("status", equalTo(403))
                .body("title", equalTo("Forbidden"))
                .body("detail", containsString("administrator"));
    }

    @ParameterizedTest
    @MethodSource("operatorCalls")
    void operatorCallsAreUnauthorizedForAGuestSession(
            Function<RequestSpecification, io.restassured.response.Response> call) {
        String guest = given().when().post("/sessions").then().statusCode(201).extract().path("token");
        call.apply(given().auth().oauth2(guest)).then()
                .statusCode(401)
                .contentType(PROBLEM);
    }

    @Test
    void statsCountLiveAndExpiredSessions() throws SQLException {
        rows.insert(2, Instant.now().minus(Duration.ofDays(400)));
        rows.insertLive(1);

        given().auth().oauth2(Logins.adminToken())
                .when().get("/admin/sessions/stats")
                .then().statusCode(200)
                .contentType("application/json")
                .body("total", greaterThanOrEqualTo(3))
                .body("live", greaterThanOrEqualTo(1))
                .body("expired", greaterThanOrEqualTo(2))
                .body("oldestExpiredAgeSeconds", greaterThanOrEqualTo((int) Duration.ofDays(400).toSeconds()));
        ValidatableResponse stats = given().auth().oauth2(Logins.adminToken())
                .when().get("/admin/sessions/stats").then().statusCode(200);
        long total = stats.extract().jsonPath().getLong("total");
        long live = stats.extract().jsonPath().getLong("live");
        long expired = stats.extract().jsonPath().getLong("expired");
        assertEquals(total, live + expired);
    }

    @Test
    void pruneNowDeletesExpiredSessionsAndAnswersItsRunReport() throws SQLException {
        List<Long> expired = rows.insertExpired(4);
        List<Long> live = rows.insertLive(2);

        given().auth().oauth2(Logins.adminToken())
                .when().post("/admin/prune")
                .then().statusCode(200)
                .contentType("application/json")
                .body("id", notNullValue())
                .body("instance", notNullValue())
                .body("startedAt", notNullValue())
                .body("finishedAt", notNullValue())
                .body("deleted", greaterThanOrEqualTo(4))
                .body("chunks", greaterThanOrEqualTo(1))
                .body("stoppedBecause", equalTo("done"));

        assertEquals(0, rows.countExisting(expired));
        assertEquals(2, rows.countExisting(live));
    }

    @Test
    void pruneNowConflictsWhileAnotherInstanceHoldsTheLease() throws SQLException {
        String other = "admin-test-instance";
        lease.tryAcquire(other, Duration.ofMinutes(1));
        try {
            given().auth().oauth2(Logins.adminToken())
                    .when().post("/admin/prune")
                    .then().statusCode(409)
                    .contentType(PROBLEM)
                    .body("status", equalTo(409))
                    .body("detail", containsString("already in progress"))
                    .body("detail", containsString("held by " + other + " until"));
        } finally {
            lease.release(other);
        }
    }

    @Test
    void runsListTheMostRecentReportsNewestFirst() {
        String token = Logins.adminToken();
        long first = given().auth().oauth2(token).when().post("/admin/prune")
                .then().statusCode(200).extract().jsonPath().getLong("id");
        long second = given().auth().oauth2(token).when().post("/admin/prune")
                .then().statusCode(200).extract().jsonPath().getLong("id");

        given().auth().oauth2(token)
                .when().get("/admin/prune/runs")
                .then().statusCode(200)
                .contentType("application/json")
                .body("size()", greaterThan(1))
                .body("size()", lessThanOrEqualTo(50))
                .body("[0].id", is((int) second))
                .body("[1].id", is((int) first))
                .body("[0].stoppedBecause", isOneOf("done", "time-budget", "backpressure", "shutdown", "error"))
                .body("stoppedBecause", everyItem(notNullValue()));
        given().auth().oauth2(token)
                .queryParam("limit", 1)
                .when().get("/admin/prune/runs")
                .then().statusCode(200)
                .body("", hasSize(1))
                .body("[0].id", is((int) second));
    }

    @Test
    void runsRejectALimitOutOfRange() {
        String token = Logins.adminToken();
        for (String limit : List.of("0", "201", "many")) {
            given().auth().oauth2(token)
                    .queryParam("limit", limit)
                    .when().get("/admin/prune/runs")
                    .then().statusCode(400)
                    .contentType(PROBLEM)
                    .body("detail", containsString("limit"));
        }
    }

    @Test
    void forcedLogoutEndsEverySessionOfTheUser() {
        String loginName = Logins.newUser("forced-out");
        String first = Logins.login(loginName, Logins.PASSWORD);
        String second = Logins.login(loginName, Logins.PASSWORD);

        given().auth().oauth2(Logins.adminToken())
                .when().delete("/admin/users/" + loginName.toUpperCase() + "/sessions")
                .then().statusCode(200)
                .contentType("application/json")
                .body("revoked", equalTo(2));

        for (String token : List.of(first, second)) {
            given().auth().oauth2(token).when().get("/sessions/current").then().statusCode(401);
        }
    }

    @Test
    void forcedLogoutOfAnUnknownUserIsNotFound() {
        given().auth().oauth2(Logins.adminToken())
                .when().delete("/admin/users/nobody-by-this-name/sessions")
                .then().statusCode(404)
                .contentType(PROBLEM)
                .body("status", equalTo(404))
                .body("detail", containsString("nobody-by-this-name"));
    }

    @Test
    void theOpenApiDescriptionListsTheOperatorCalls() {
        given().queryParam("format", "json")
                .when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths.'/admin/sessions/stats'.get", notNullValue())
                .body("paths.'/admin/prune'.post.responses.'409'", notNullValue())
                .body("paths.'/admin/prune/runs'.get.parameters[0].name", equalTo("limit"))
                .body("paths.'/admin/users/{loginName}/sessions'.delete.responses.'404'", notNullValue());
    }

    @Test
    void operatorActionsAreAuditedWithoutTheirTokens() {
        try (LogCapture capture = LogCapture.start()) {
            List<String> lines = capture.lines();
            String loginName = Logins.newUser("audited");
            String userToken = Logins.login(loginName, Logins.PASSWORD);
            String adminToken = Logins.adminToken();

            given().auth().oauth2(adminToken).when().delete("/admin/users/" + loginName + "/sessions")
                    .then().statusCode(200);
            given().auth().oauth2(adminToken).when().post("/admin/prune").then().statusCode(200);

            assertTrue(lines.stream().anyMatch(line -> line.contains("Administrator")
                    && line.contains(Logins.ADMIN_LOGIN) && line.contains(loginName)), lines.toString());
            assertTrue(lines.stream().anyMatch(line -> line.contains("started a prune run")), lines.toString());
            for (String line : lines) {
                assertFalse(line.contains(adminToken) || line.contains(userToken), "a log line carries a token: " + line);
            }
        }
    }
}
