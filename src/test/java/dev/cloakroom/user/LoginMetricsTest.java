package dev.cloakroom.user;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cloakroom.Api;
import dev.cloakroom.testsupport.Logins;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Each login attempt counts once, under the outcome the credential check decided. */
@QuarkusTest
class LoginMetricsTest {

    @Inject
    MeterRegistry registry;

    @Inject
    UserConfig config;

    private double logins(String outcome) {
        return registry.get("cloakroom.logins").tag("outcome", outcome).counter().count();
    }

    @Test
    void aRightPasswordCountsAsSuccess() {
        String name = Logins.newUser("lm-ok");
        double before = logins("success");

        Api.login(name, Api.PASSWORD).then().statusCode(201);

        assertEquals(before + 1, logins("success"));
    }

    @Test
    void aWrongPasswordForAnExistingUserCountsAsWrongPassword() {
        String name = Logins.newUser("lm-wrong");
        double wrong = logins("wrong_password");
        double unknown = logins("unknown_user");

        Api.login(name, "not the password").then().statusCode(401);

        assertEquals(wrong + 1, logins("wrong_password"));
        assertEquals(unknown, logins("unknown_user"));
    }

    @Test
    void aNameNobodyHasAndANameNobodyCanHaveCountAsUnknownUser() {
        double unknown = logins("unknown_user");
        double wrong = logins("wrong_password");

        Api.login(Api.uniqueName("lm-nobody"), Api.PASSWORD).then().statusCode(401);
        Api.login("no spaces or slashes / allowed", Api.PASSWORD).then().statusCode(401);

        assertEquals(unknown + 2, logins("unknown_user"));
        assertEquals(wrong, logins("wrong_password"));
    }

    @Test
    void aLoginRefusedByTheThrottleCountsAsThrottledOnly() {
        String name = Logins.newUser("lm-throttled");
        for (int i = 0; i < config.maxLoginFailures(); i++) {
            Api.login(name, "guess " + i).then().statusCode(401);
        }
        double throttled = logins("throttled");
        double wrong = logins("wrong_password");
        double success = logins("success");

        Api.login(name, Api.PASSWORD).then().statusCode(429);

        assertEquals(throttled + 1, logins("throttled"));
        assertEquals(wrong, logins("wrong_password"));
        assertEquals(success, logins("success"));
    }
}
