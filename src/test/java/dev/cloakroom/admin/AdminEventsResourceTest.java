package dev.cloakroom.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cloakroom.Api;
import dev.cloakroom.testsupport.EventLog;
import dev.cloakroom.testsupport.Logins;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class AdminEventsResourceTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void eventsNeedAnAdministrator() {
        given().get("/admin/events").then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(Api.guestSession()).get("/admin/events").then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(Logins.login(Logins.newUser("ev-nonadmin"), Logins.PASSWORD))
                .get("/admin/events").then().statusCode(403).contentType(PROBLEM)
                .body("title", equalTo("Forbidden"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "x", "-1", "1.5", "01", " 1", "99999999999999999999", "9223372036854775808" })
    void aCursorThatIsNoWholeNumberIsABadRequest(String after) {
        given().auth().oauth2(Logins.adminToken()).queryParam("after", after)
                .when().get("/admin/events")
                .then().statusCode(400).contentType(PROBLEM)
                .body("status", equalTo(400))
                .body("detail", containsString("after"));
    }

    @Test
    void aCursorBeyondTheLastEventIsABadRequest() {
        String end = EventLog.fromNow().cursor();
        given().auth().oauth2(Logins.adminToken()).queryParam("after", Long.parseLong(end) + 1_000_000)
                .when().get("/admin/events")
                .then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("beyond the last event"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "0", "1001", "-5", "ten", "100000" })
    void aLimitOutsideOneToAThousandIsABadRequest(String limit) {
        given().auth().oauth2(Logins.adminToken()).queryParam("limit", limit)
                .when().get("/admin/events")
                .then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("limit"));
    }

    @Test
    void aPageHoldsAtMostLimitEventsAndItsNextCursorContinuesRightAfterThem() {
        String admin = Logins.adminToken();
        String start = EventLog.fromNow().cursor();
        for (int i = 0; i < 3; i++) {
            Api.newUserSession("ev-page");
        }
        JsonPath first = page(admin, start, 2);
        JsonPath rest = page(admin, first.getString("next"), 1000);
        JsonPath whole = page(admin, start, 1000);

        assertEquals(2, first.getList("events").size());
        assertEquals(first.getString("events[1].cursor"), first.getString("next"));
        List<Object> together = new ArrayList<>(first.getList("events.id"));
        together.addAll(rest.getList("events.id"));
        assertEquals(whole.getList("events.id"), together);
        assertTrue(whole.getList("events").size() >= 3);
    }

    private static JsonPath page(String admin, String after, int limit) {
        return given().auth().oauth2(admin).queryParam("after", after).queryParam("limit", limit)
                .when().get("/admin/events")
                .then().statusCode(200).contentType("application/json")
                .extract().jsonPath();
    }
}
