package dev.cloakroom.user;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cloakroom.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LoginTest {

    @Test
    void loginOpensAUserSessionWithAFreshToken() {
        String name = Api.signUp(Api.uniqueName("login"));
        Api.login(name, Api.PASSWORD).then().statusCode(201)
                .contentType(ContentType.JSON)
                .body("token", matchesPattern("[A-Za-z0-9_-]{54}"))
                .body("session.user.loginName", equalTo(name))
                .body("session.data", equalTo(Map.of()))
                .body("session.version", equalTo(1));
    }

    @Test
    void unknownUserAndWrongPasswordGetTheSameAnswer() {
        String name = Api.signUp(Api.uniqueName("same"));
        Response wrongPassword = Api.login(name, "not the password");
        Response unknownUser = Api.login(Api.uniqueName("nobody"), "not the password");
        assertEquals(401, wrongPassword.statusCode());
        assertEquals(401, unknownUser.statusCode());
        assertEquals(wrongPassword.asString(), unknownUser.asString());
        assertEquals("application/problem+json", wrongPassword.contentType());
        wrongPassword.then().body("detail", equalTo("Invalid login or password."));
    }

    @Test
    void loginNamesAreMatchedWithoutRegardToCase() {
        String name = Api.signUp(Api.uniqueName("MixedCase"));
        Api.login(name.toUpperCase(java.util.Locale.ROOT), Api.PASSWORD).then().statusCode(201)
                .body("session.user.loginName", equalTo(name));
    }

    @Test
    void aSuccessfulLoginResetsTheFailureCount() {
        String name = Api.signUp(Api.uniqueName("reset"));
        for (int i = 0; i < 4; i++) {
            Api.login(name, "wrong password").then().statusCode(401);
        }
        Api.login(name, Api.PASSWORD).then().statusCode(201);
        for (int i = 0; i < 4; i++) {
            Api.login(name, "wrong password").then().statusCode(401);
        }
        Api.login(name, Api.PASSWORD).then().statusCode(201);
    }

    @Test
    void malformedLoginBodiesAreBadRequests() {
        for (String body : new String[] {"{\"loginName\":", "[]", "{\"loginName\":\"someone\"}",
                "{\"loginName\":42,\"password\":\"x\"}", "\"text\""}) {
            given().contentType(ContentType.JSON).body(body)
                    .when().post("/sessions")
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("status", equalTo(400))
                    .body("detail", containsString(" "));
        }
    }
}
