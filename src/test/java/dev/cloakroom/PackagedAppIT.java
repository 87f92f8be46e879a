package dev.cloakroom;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The packaged application (the jar that production runs), end to end over HTTP. */
@QuarkusIntegrationTest
class PackagedAppIT {

    @Test
    void signUpLogInKeepDataAndLogOut() {
        String name = Api.signUp(Api.uniqueName("packaged"));
        String token = Api.tokenOf(Api.login(name, Api.PASSWORD).then().statusCode(201)
                .header("Set-Cookie", containsString("HttpOnly"))
                .extract().response());

        given().header("Authorization", Api.bearer(token)).contentType(ContentType.JSON)
                .body(Map.of("theme", "dark"))
                .when().put("/sessions/current/data")
                .then().statusCode(200).header("ETag", "\"2\"");
        given().header("Authorization", Api.bearer(token)).contentType("application/merge-patch+json")
                .body("{\"lang\":\"fr\"}")
                .when().patch("/sessions/current/data")
                .then().statusCode(200).body("data", equalTo(Map.of("theme", "dark", "lang", "fr")));
        given().cookie("SESSION", token).when().get("/sessions/current")
                .then().statusCode(200).body("user.loginName", equalTo(name)).body("version", equalTo(3));

        given().cookie("SESSION", token).when().delete("/sessions/current").then().statusCode(204);
        given().header("Authorization", Api.bearer(token)).when().get("/sessions/current")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void readinessAnswersWhenTheDatabaseDoes() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
