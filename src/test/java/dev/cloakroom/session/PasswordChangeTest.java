package dev.cloakroom.session;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.cloakroom.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PasswordChangeTest {

    private static io.restassured.response.Response change(String token, String current, String next) {
        return given().header("Authorization", Api.bearer(token)).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", current, "newPassword", next))
                .when().put("/users/me/password");
    }

    @Test
    void changingThePasswordRevokesEveryOtherSessionAndKeepsThisOne() {
        String name = Api.signUp(Api.uniqueName("chpw"));
        String other = Api.tokenOf(Api.login(name, Api.PASSWORD));
        String current = Api.tokenOf(Api.login(name, Api.PASSWORD));

        change(current, Api.PASSWORD, "a brand new password").then().statusCode(204);

        given().header("Authorization", Api.bearer(other)).get("/sessions/current").then().statusCode(401);
        given().header("Authorization", Api.bearer(current)).get("/sessions/current").then().statusCode(200);
        Api.login(name, Api.PASSWORD).then().statusCode(401);
        Api.login(name, "a brand new password").then().statusCode(201);
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
