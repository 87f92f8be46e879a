package dev.cloakroom.testsupport;

import dev.cloakroom.Api;

/** Sessions obtained over HTTP, the way clients get them; the administrator's included. */
public final class Logins {

    public static final String ADMIN_LOGIN = "root-admin";
    public static final String ADMIN_PASSWORD = "root-admin-password";
    public static final String PASSWORD = Api.PASSWORD;

    private Logins() {
    }

    public static String adminToken() {
        return login(ADMIN_LOGIN, ADMIN_PASSWORD);
    }

    /** A new ordinary user, its login name unique to this call. */
    public static String newUser(String prefix) {
        return Api.signUp(Api.uniqueName(prefix));
    }

    public static String login(String loginName, String password) {
        return Api.tokenOf(Api.login(loginName, password).then().statusCode(201).extract().response());
    }
}
