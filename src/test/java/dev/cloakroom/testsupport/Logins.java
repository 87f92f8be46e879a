package dev.cloakroom.testsupport;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;

/** Sessions obtained over HTTP, the way clients get them. */
public final class Logins {

    public static final String ADMIN_LOGIN = "root-admin";
    public static final String ADMIN_PASSWORD = "root-admin-password";
    public static final String PASSWORD = "correct horse battery";

    private Logins() {
    }

    public static String adminToken() {
        return login(ADMIN_LOGIN, ADMIN_PASSWORD);
    }

    /** A new ordinary user, its login name unique to this call. */
    public static String newUser(String prefix) {
        String loginName = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON)
                .body(Map.of("loginName", loginName, "password", PASSWORD))
                .when().post("/users")
                .then().statusCode(201);
        return loginName;
    }

    public static String login(String loginName, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("loginName", loginName, "password", password))
                .when().post("/sessions")
                .then().statusCode(201)
                .extract().path("token");
    }
}
