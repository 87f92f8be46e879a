package dev.cloakroom.testsupport;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The session events as operators pull them over HTTP: from a cursor to the end, page by page. */
public final class EventLog {

    private final String adminToken = Logins.adminToken();
    private String cursor;

    private EventLog(String cursor) {
        this.cursor = cursor;
    }

    /** A log that starts after every event delivered so far. */
    public static EventLog fromNow() {
        EventLog log = new EventLog("0");
        log.drain();
        return log;
    }

    /** Every event after the log's cursor, oldest first; the cursor moves past them. */
    public List<Map<String, Object>> drain() {
        List<Map<String, Object>> events = new ArrayList<>();
        while (true) {
            JsonPath page = given().auth().oauth2(adminToken)
                    .queryParam("after", cursor).queryParam("limit", 1000)
                    .when().get("/admin/events")
                    .then().statusCode(200).contentType("application/json")
                    .extract().jsonPath();
            List<Map<String, Object>> found = page.getList("events");
            cursor = page.getString("next");
            if (found.isEmpty()) {
                return events;
            }
            events.addAll(found);
        }
    }

    /** The events after the cursor that {@code which} accepts; the cursor moves past all of them. */
    public List<Map<String, Object>> drain(Predicate<Map<String, Object>> which) {
        return drain().stream().filter(which).toList();
    }

    /** Accepts the events about this user. */
    public static Predicate<Map<String, Object>> ofUser(long userId) {
        return event -> event.get("userId") != null && ((Number) event.get("userId")).longValue() == userId;
    }

    public String cursor() {
        return cursor;
    }
}
