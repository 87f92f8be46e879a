package dev.cloakroom.user;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.cloakroom.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(SelfRegistrationOffTest.Closed.class)
class SelfRegistrationOffTest {

    public static class Closed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cloakroom.users.self-registration", "false");
        }
    }

    @Test
    void signUpIsForbiddenWhenSelfRegistrationIsOff() {
        given().contentType(ContentType.JSON)
                .body(Map.of("loginName", Api.uniqueName("closed"), "password", Api.PASSWORD))
                .when().post("/users")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("status", equalTo(403))
                .body("detail", equalTo("Self-registration is turned off."));
    }

    @Test
    void theConfiguredAdministratorExistsAndCanLogIn() {
        Api.login("root-admin", "root-admin-password").then().statusCode(201)
                .body("session.user.loginName", equalTo("root-admin"));
    }
}
