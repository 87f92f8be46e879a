package dev.cloakroom.events;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cloakroom.Api;
import dev.cloakroom.testsupport.EventLog;
import dev.cloakroom.testsupport.Logins;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which changes are events, and what each one says, as operators pull them over HTTP. */
@QuarkusTest
class SessionEventsTest {

    private record Login(String token, String sessionId, long userId) {
    }

    private static Login login(String name, String presentedToken) {
        var request = given().contentType(ContentType.JSON)
                .body(Map.of("loginName", name, "password", Api.PASSWORD));
        if (presentedToken != null) {
            request.auth().oauth2(presentedToken);
        }
        Response response = request.when().post("/sessions").then().statusCode(201).extract().response();
        return new Login(Api.tokenOf(response), response.path("session.id"),
                ((Number) response.path("session.user.id")).longValue());
    }

    private static String sessionIdOf(String token) {
        return given().auth().oauth2(token).get("/sessions/current").then().statusCode(200).extract().path("id");
    }

    private static List<String> endedIds(Map<String, Object> event) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> ended = (List<Map<String, Object>>) event.get("ended");
        return ended.stream().map(item -> (String) item.get("sessionId")).toList();
    }

    @Test
    void aLoginIsAnEventNamingTheSessionItRotatedFrom() {
        String name = Api.signUp(Api.uniqueName("ev-login"));
        EventLog log = EventLog.fromNow();

        Login first = login(name, null);
        Login second = login(name, first.token());

        List<Map<String, Object>> events = log.drain(EventLog.ofUser(first.userId()));
        assertEquals(2, events.size(), events.toString());
        assertEquals("login", events.get(0).get("type"));
        assertEquals(first.sessionId(), events.get(0).get("sessionId"));
        assertNull(events.get(0).get("previousSessionId"));
        assertEquals(List.of(), endedIds(events.get(0)));
        assertEquals("login", events.get(1).get("type"));
        assertEquals(second.sessionId(), events.get(1).get("sessionId"));
        assertEquals(first.sessionId(), events.get(1).get("previousSessionId"));
        assertEquals(List.of(first.sessionId()), endedIds(events.get(1)));
        assertTrue(Long.parseLong((String) events.get(0).get("cursor"))
                < Long.parseLong((String) events.get(1).get("cursor")));
    }

    @Test
    void guestSessionsAndDataWritesAreNoEventsButALoginFromAGuestNamesIt() {
        String name = Api.signUp(Api.uniqueName("ev-guest"));
        EventLog log = EventLog.fromNow();

        String guest = Api.guestSession();
        String guestId = sessionIdOf(guest);
        given().auth().oauth2(guest).contentType(ContentType.JSON).body("{\"cart\":[1]}")
                .put("/sessions/current/data").then().statusCode(200);
        String otherGuest = Api.guestSession();
        String otherGuestId = sessionIdOf(otherGuest);
        given().auth().oauth2(otherGuest).delete("/sessions/current").then().statusCode(204);
        Login login = login(name, guest);
        given().auth().oauth2(login.token()).contentType(ContentType.JSON).body("{\"cart\":[2]}")
                .put("/sessions/current/data").then().statusCode(200);

        List<Map<String, Object>> all = log.drain();
        assertFalse(all.stream().anyMatch(event -> event.toString().contains(otherGuestId)), all.toString());
        List<Map<String, Object>> mentioningGuest = all.stream()
                .filter(event -> event.toString().contains(guestId)).toList();
        assertEquals(1, mentioningGuest.size(), all.toString());
        Map<String, Object> event = mentioningGuest.get(0);
        assertEquals("login", event.get("type"));
        assertEquals(login.sessionId(), event.get("sessionId"));
        assertEquals(guestId, event.get("previousSessionId"));
        assertEquals(List.of(guestId), endedIds(event));
        assertEquals(List.of(Map.of("sessionId", guestId)), ((List<?>) event.get("ended")).stream()
                .map(item -> Map.of("sessionId", ((Map<?, ?>) item).get("sessionId"))).toList());
        assertNull(((Map<?, ?>) ((List<?>) event.get("ended")).get(0)).get("userId"));
        assertEquals(1, all.stream().filter(EventLog.ofUser(login.userId())).count(), "data writes are no events");
    }

    @Test
    void logoutRevokeAndRevokeOthersAreEventsNamingWhatEnded() {
        String name = Api.signUp(Api.uniqueName("ev-end"));
        Login a = login(name, null);
        Login b = login(name, null);
        Login c = login(name, null);
        Login d = login(name, null);
        EventLog log = EventLog.fromNow();

        given().auth().oauth2(a.token()).delete("/sessions/" + b.sessionId()).then().statusCode(204);
        given().auth().oauth2(a.token()).delete("/sessions").then().statusCode(200).body("revoked", equalTo(2));
        given().auth().oauth2(a.token()).delete("/sessions/current").then().statusCode(204);

        List<Map<String, Object>> events = log.drain(EventLog.ofUser(a.userId()));
        assertEquals(List.of("revoke", "revoke-others", "logout"), events.stream().map(e -> e.get("type")).toList());
        assertEquals(a.sessionId(), events.get(0).get("sessionId"));
        assertEquals(List.of(b.sessionId()), endedIds(events.get(0)));
        assertEquals(a.sessionId(), events.get(1).get("sessionId"));
        assertEquals(List.of(c.sessionId(), d.sessionId()).stream().sorted().toList(),
                endedIds(events.get(1)).stream().sorted().toList());
        assertEquals(a.sessionId(), events.get(2).get("sessionId"));
        assertEquals(List.of(a.sessionId()), endedIds(events.get(2)));
    }

    @Test
    void aLogoutWithoutASessionIsNoEvent() {
        String name = Api.signUp(Api.uniqueName("ev-twice"));
        Login a = login(name, null);
        given().auth().oauth2(a.token()).delete("/sessions/current").then().statusCode(204);
        EventLog log = EventLog.fromNow();

        given().auth().oauth2(a.token()).delete("/sessions/current").then().statusCode(204);
        given().auth().oauth2(a.token()).delete("/sessions").then().statusCode(401);

        assertEquals(List.of(), log.drain(EventLog.ofUser(a.userId())));
    }

    @Test
    void aPasswordChangeIsOneEventNamingTheSessionsItEnded() {
        String name = Api.signUp(Api.uniqueName("ev-pass"));
        Login a = login(name, null);
        Login b = login(name, null);
        EventLog log = EventLog.fromNow();

        given().auth().oauth2(a.token()).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", Api.PASSWORD, "newPassword", "another good password"))
                .put("/users/me/password").then().statusCode(200);

        List<Map<String, Object>> events = log.drain(EventLog.ofUser(a.userId()));
        assertEquals(1, events.size(), events.toString());
        assertEquals("password-change", events.get(0).get("type"));
        assertEquals(a.sessionId(), events.get(0).get("sessionId"));
        assertEquals(List.of(b.sessionId()), endedIds(events.get(0)));
    }

    @Test
    void anOperatorsLogoutIsAnEventNamingEverySessionItEnded() {
        String name = Api.signUp(Api.uniqueName("ev-admin"));
        Login a = login(name, null);
        Login b = login(name, null);
        EventLog log = EventLog.fromNow();

        given().auth().oauth2(Logins.adminToken()).delete("/admin/users/" + name + "/sessions")
                .then().statusCode(200).body("revoked", equalTo(2));

        List<Map<String, Object>> events = log.drain(EventLog.ofUser(a.userId()));
        assertEquals(1, events.size(), events.toString());
        assertEquals("admin-logout", events.get(0).get("type"));
        assertNull(events.get(0).get("sessionId"));
        assertEquals(List.of(a.sessionId(), b.sessionId()).stream().sorted().toList(),
                endedIds(events.get(0)).stream().sorted().toList());
    }

    @Test
    void noEventCarriesAToken() {
        String name = Api.signUp(Api.uniqueName("ev-token"));
        String guest = Api.guestSession();
        Login a = login(name, guest);
        Login b = login(name, null);
        EventLog log = EventLog.fromNow();
        given().auth().oauth2(a.token()).delete("/sessions/" + b.sessionId()).then().statusCode(204);
        given().auth().oauth2(a.token()).delete("/sessions/current").then().statusCode(204);

        String everything = given().auth().oauth2(Logins.adminToken()).queryParam("limit", 1000)
                .get("/admin/events").then().statusCode(200).extract().asString()
                + log.drain().toString();
        for (String token : List.of(guest, a.token(), b.token())) {
            assertFalse(everything.contains(token));
            assertFalse(everything.contains(token.substring(11)), "not even the token's secret part");
        }
    }
}
