package dev.cloakroom.session;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cloakroom.Api;
import dev.cloakroom.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PasswordChangeTest {

    @Inject
    Database database;

    private static Response change(String token, String current, String next) {
        return given().header("Authorization", Api.bearer(token)).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", current, "newPassword", next))
                .when().put("/users/me/password");
    }

    @Test
    void changingThePasswordRevokesEveryOtherSessionAndKeepsThisOneUnderANewToken() {
        String name = Api.signUp(Api.uniqueName("chpw"));
        String other = Api.tokenOf(Api.login(name, Api.PASSWORD));
        String current = Api.tokenOf(Api.login(name, Api.PASSWORD));
        String id = given().header("Authorization", Api.bearer(current)).get("/sessions/current")
                .then().statusCode(200).extract().path("id");

        Response changed = change(current, Api.PASSWORD, "a brand new password");
        changed.then().statusCode(200)
                .header("Set-Cookie", containsString("SESSION="))
                .body("session.id", equalTo(id))
                .body("session.user.loginName", equalTo(name));
        String rotated = Api.tokenOf(changed);

        assertNotEquals(current, rotated);
        assertEquals(changed.getCookie("SESSION"), rotated);
        given().header("Authorization", Api.bearer(current)).get("/sessions/current").then().statusCode(401);
        given().header("Authorization", Api.bearer(other)).get("/sessions/current").then().statusCode(401);
        given().header("Authorization", Api.bearer(rotated)).get("/sessions/current")
                .then().statusCode(200).body("id", equalTo(id));
        Api.login(name, Api.PASSWORD).then().statusCode(401);
        Api.login(name, "a brand new password").then().statusCode(201);
    }

    @Test
    void noLoginWithTheOldPasswordSurvivesAPasswordChange() throws Exception {
        for (int round = 0; round < 3; round++) {
            String name = Api.signUp(Api.uniqueName("chpw-race"));
            String current = Api.tokenOf(Api.login(name, Api.PASSWORD));
            ExecutorService threads = Executors.newFixedThreadPool(13);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<String>> logins = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    logins.add(threads.submit(() -> {
                        start.await();
                        Response login = Api.login(name, Api.PASSWORD);
                        // before the change the old password still opens a session; after it, 401
                        assertTrue(login.statusCode() == 201 || login.statusCode() == 401,
                                "unexpected status " + login.statusCode());
                        return login.statusCode() == 201 ? Api.tokenOf(login) : null;
                    }));
                }
                Future<Response> change = threads.submit(() -> {
                    start.await();
                    return change(current, Api.PASSWORD, "a brand new password");
                });
                start.countDown();
                String rotated = Api.tokenOf(change.get(60, TimeUnit.SECONDS).then().statusCode(200).extract().response());
                for (Future<String> login : logins) {
                    String token = login.get(60, TimeUnit.SECONDS);
                    if (token != null) {
                        given().header("Authorization", Api.bearer(token)).get("/sessions/current")
                                .then().statusCode(401);
                    }
                }
                given().header("Authorization", Api.bearer(rotated)).get("/sessions")
                        .then().statusCode(200).body("size()", equalTo(1));
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void aSessionOpenedBeforeTheCredentialVersionMovedIsNoLongerLive() {
        String name = Api.signUp(Api.uniqueName("credver"));
        String token = Api.tokenOf(Api.login(name, Api.PASSWORD));
        // what a password change committed right after this session's login would leave behind
        database.update("UPDATE users SET credential_version = credential_version + 1 WHERE login_key = ?",
                name.toLowerCase(java.util.Locale.ROOT));

        given().header("Authorization", Api.bearer(token)).get("/sessions/current").then().statusCode(401);
        String fresh = Api.tokenOf(Api.login(name, Api.PASSWORD));
        given().header("Authorization", Api.bearer(fresh)).get("/sessions")
                .then().statusCode(200).body("size()", equalTo(1));
    }

    @Test
    void aWrongCurrentPasswordIsForbidden() {
        String name = Api.signUp(Api.uniqueName("wrongpw"));
        String token = Api.tokenOf(Api.login(name, Api.PASSWORD));
        change(token, "not my password", "a brand new password").then().statusCode(403)
                .contentType("application/problem+json")
                .body("status", equalTo(403));
        Api.login(name, Api.PASSWORD).then().statusCode(201);
    }

    @Test
    void anInvalidNewPasswordIsABadRequest() {
        String token = Api.newUserSession("shortpw");
        change(token, Api.PASSWORD, "short").then().statusCode(400).contentType("application/problem+json");
        given().header("Authorization", Api.bearer(token)).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", Api.PASSWORD))
                .when().put("/users/me/password").then().statusCode(400);
    }

    @Test
    void guestsAndStrangersCannotChangeAPassword() {
        change(Api.guestSession(), Api.PASSWORD, "a brand new password").then().statusCode(401)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON)
                .body(Map.of("currentPassword", Api.PASSWORD, "newPassword", "a brand new password"))
                .when().put("/users/me/password").then().statusCode(401);
    }
}
