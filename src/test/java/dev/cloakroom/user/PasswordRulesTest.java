package dev.cloakroom.user;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.cloakroom.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Passwords bcrypt cannot tell apart are refused: NUL characters and lone surrogates at sign-up
 * and change, and anything past bcrypt's 72 bytes at login too.
 */
@QuarkusTest
class PasswordRulesTest {

    private static void signUpIsRefused(String password) {
        given().contentType(ContentType.JSON)
                .body(Map.of("loginName", Api.uniqueName("pwrule"), "password", password))
                .when().post("/users")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400));
    }

    @Test
    void passwordsWithANulCharacterAreRefusedAtSignUp() {
        signUpIsRefused("\u0000".repeat(8));
        signUpIsRefused("abcdefgh\u0000abcdefgh");
    }

    @Test
    void passwordsWithALoneSurrogateAreRefusedAtSignUp() {
        signUpIsRefused("abcdefgh\ud800");
        signUpIsRefused("\udc00abcdefgh");
    }

    @Test
    void aNewPasswordWithANulCharacterIsRefused() {
        String token = Api.newUserSession("pwnul");
        given().header("Authorization", Api.bearer(token)).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", Api.PASSWORD, "newPassword", "abcdefgh\u0000abcdefgh"))
                .when().put("/users/me/password")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aLoginPasswordLongerThanBcryptReadsIsRefusedEvenWhenItsFirst72BytesMatch() {
        String password = "p".repeat(72);
        String name = Api.uniqueName("pw72");
        given().contentType(ContentType.JSON).body(Map.of("loginName", name, "password", password))
                .when().post("/users").then().statusCode(201);

        Api.login(name, password + "anything").then().statusCode(401);
        Api.login(name, password).then().statusCode(201);
    }
}
