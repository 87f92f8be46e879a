package dev.cloakroom.session;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cloakroom.Api;
import dev.cloakroom.testsupport.Logins;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The session meters move with the requests that open, read and end sessions, by kind. */
@QuarkusTest
class SessionMetricsTest {

    @Inject
    MeterRegistry registry;

    private double created(String kind) {
        return registry.get("cloakroom.sessions.created").tag("kind", kind).counter().count();
    }

    private double revoked(String kind) {
        return registry.get("cloakroom.sessions.revoked").tag("kind", kind).counter().count();
    }

    private String sessionOf(String name) {
        return Logins.login(name, Api.PASSWORD);
    }

    @Test
    void openingSessionsCountsThemByKind() {
        double guests = created("guest");
        double logins = created("login");

        Api.guestSession();
        Api.guestSession();
        Api.newUserSession("metrics-open");

        assertEquals(guests + 2, created("guest"));
        assertEquals(logins + 1, created("login"));
    }

    @Test
    void aFailedLoginOpensNoSession() {
        String name = Logins.newUser("metrics-nologin");
        double logins = created("login");

        Api.login(name, "not the password").then().statusCode(401);

        assertEquals(logins, created("login"));
    }

    @Test
    void everyLookupIsTimed() {
        Timer lookups = registry.get("cloakroom.sessions.lookup").timer();
        long before = lookups.count();
        String token = Api.guestSession();

        for (int i = 0; i < 3; i++) {
            given().header("Authorization", Api.bearer(token)).get("/sessions/current").then().statusCode(200);
        }

        assertEquals(before + 3, lookups.count());
        assertTrue(lookups.max(java.util.concurrent.TimeUnit.NANOSECONDS) > 0);
    }

    @Test
    void logoutCountsOnceAndALogoutOfAnEndedSessionNotAtAll() {
        double before = revoked("logout");
        String token = Api.guestSession();

        given().header("Authorization", Api.bearer(token)).delete("/sessions/current").then().statusCode(204);
        given().header("Authorization", Api.bearer(token)).delete("/sessions/current").then().statusCode(204);

        assertEquals(before + 1, revoked("logout"));
    }

    @Test
    void revokingCountsTheSessionsEndedByWhatEndedThem() {
        String name = Logins.newUser("metrics-revoke");
        String keep = sessionOf(name);
        String other = sessionOf(name);
        sessionOf(name);
        sessionOf(name);
        double revoke = revoked("revoke");
        double others = revoked("revoke_others");

        String otherId = given().header("Authorization", Api.bearer(other)).get("/sessions/current").path("id");
        given().header("Authorization", Api.bearer(keep)).delete("/sessions/" + otherId).then().statusCode(204);
        given().header("Authorization", Api.bearer(keep)).delete("/sessions").then().statusCode(200);

        assertEquals(revoke + 1, revoked("revoke"));
        assertEquals(others + 2, revoked("revoke_others"));
    }

    @Test
    void aPasswordChangeCountsTheOtherSessionsItEnded() {
        String name = Logins.newUser("metrics-chpw");
        String current = sessionOf(name);
        sessionOf(name);
        double before = revoked("password_change");

        given().header("Authorization", Api.bearer(current)).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", Api.PASSWORD, "newPassword", "a brand new password"))
                .when().put("/users/me/password").then().statusCode(200);

        assertEquals(before + 1, revoked("password_change"));
    }

    @Test
    void anAdministratorsForcedLogoutCountsTheSessionsItEnded() {
        String name = Logins.newUser("metrics-admin");
        sessionOf(name);
        sessionOf(name);
        double before = revoked("admin");

        given().auth().oauth2(Logins.adminToken()).delete("/admin/users/" + name + "/sessions")
                .then().statusCode(200);

        assertEquals(before + 2, revoked("admin"));
    }
}
