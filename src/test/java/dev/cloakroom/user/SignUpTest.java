package dev.cloakroom.user;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.cloakroom.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SignUpTest {

    @Test
    void signUpAnswersCreatedWithLocationAndTheUser() {
        String name = Api.uniqueName("Sign.Up_ok@x");
        io.restassured.response.Response response = given().contentType(ContentType.JSON)
                .body(Map.of("loginName", name, "password", Api.PASSWORD))
                .when().post("/users")
                .then().statusCode(201)
                .contentType(ContentType.JSON)
                .body("loginName", equalTo(name))
                .body("createdAt", notNullValue())
                .body("password", equalTo(null))
                .body("passwordHash", equalTo(null))
                .extract().response();
        long id = response.jsonPath().getLong("id");
        org.hamcrest.MatcherAssert.assertThat(response.header("Location"), endsWith("/users/" + id));
    }

    @Test
    void aTakenLoginNameIsAConflict() {
        String name = Api.signUp(Api.uniqueName("taken"));
        given().contentType(ContentType.JSON)
                .body(Map.of("loginName", name, "password", Api.PASSWORD))
                .when().post("/users")
                .then().statusCode(409)
                .contentType("application/problem+json");
    }

    @Test
    void loginNamesAreUniqueWithoutRegardToCase() {
        String name = Api.signUp(Api.uniqueName("CaseName"));
        given().contentType(ContentType.JSON)
                .body(Map.of("loginName", name.toLowerCase(Locale.ROOT), "password", Api.PASSWORD))
                .when().post("/users")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("status", equalTo(409))
                .body("title", equalTo("Conflict"))
                .body("detail", containsString("taken"));
    }

    @Test
    void loginNameOutsideTheRuleIsRejected() {
        for (String bad : new String[] {"ab", "x".repeat(65), "has space", "semi;colon", "ümlaut"}) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("loginName", bad, "password", Api.PASSWORD))
                    .when().post("/users")
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("status", equalTo(400))
                    .body("detail", containsString("loginName"));
        }
    }

    @Test
    void passwordMustBeEightToSeventyTwoBytes() {
        // 7 bytes, 73 bytes, and 25 characters that are 75 bytes of UTF-8
        for (String bad : new String[] {"1234567", "p".repeat(73), "€".repeat(25)}) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("loginName", Api.uniqueName("pw"), "password", bad))
                    .when().post("/users")
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("detail", containsString("password"));
        }
        given().contentType(ContentType.JSON)
                .body(Map.of("loginName", Api.uniqueName("pw"), "password", "€".repeat(24)))
                .when().post("/users")
                .then().statusCode(201);
    }

    @Test
    void malformedOrIncompleteBodiesAreBadRequests() {
        given().contentType(ContentType.JSON).body("{\"loginName\": ")
                .when().post("/users")
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("loginName", Api.uniqueName("nopw")))
                .when().post("/users")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("password"));
        given().contentType(ContentType.JSON).body("[1,2]")
                .when().post("/users")
                .then().statusCode(400).contentType("application/problem+json");
    }
}
