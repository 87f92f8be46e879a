package dev.cloakroom;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import java.util.UUID;

/** Test helpers over real HTTP: unique users and their sessions. */
public final class Api {

    public static final String PASSWORD = "correct horse battery";

    private Api() {
    }

    /** A login name no other test uses. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }

    public static String signUp(String loginName) {
        given().contentType(ContentType.JSON)
                .body(Map.of("loginName", loginName, "password", PASSWORD))
                .when().post("/users")
                .then().statusCode(201);
        return loginName;
    }

    public static Response login(String loginName, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("loginName", loginName, "password", password))
                .when().post("/sessions");
    }

    /** Signs a new user up and logs in; returns the token. */
    public static String newUserSession(String prefix) {
        String name = signUp(uniqueName(prefix));
        return tokenOf(login(name, PASSWORD).then().statusCode(201).extract().response());
    }

    public static String guestSession() {
        return tokenOf(given().when().post("/sessions").then().statusCode(201).extract().response());
    }

    public static String tokenOf(Response response) {
        return response.jsonPath().getString("token");
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
