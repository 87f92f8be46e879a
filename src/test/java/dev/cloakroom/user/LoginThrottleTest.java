package dev.cloakroom.user;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cloakroom.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Password guessing is limited per client address and per login name. The service trusts
 * X-Forwarded-For from the local test client here, so each test plays clients at addresses of
 * its own (documentation prefix 2001:db8::/32, never routed).
 */
@QuarkusTest
@TestProfile(LoginThrottleTest.Limits.class)
class LoginThrottleTest {

    static final int PER_ADDRESS = 3;
    static final int PER_NAME = 8;

    public static class Limits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "cloakroom.users.max-login-failures-per-address", Integer.toString(PER_ADDRESS),
                    "cloakroom.users.max-login-failures", Integer.toString(PER_NAME),
                    "quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "quarkus.http.proxy.trusted-proxies", "127.0.0.1");
        }
    }

    /** A client address in a /64 of its own. */
    private static String newAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format("2001:db8:%x:%x::1", random.nextInt(1 << 16), random.nextInt(1 << 16));
    }

    private static Response login(String address, String name, String password) {
        return given().header("X-Forwarded-For", address).contentType(ContentType.JSON)
                .body(Map.of("loginName", name, "password", password))
                .when().post("/sessions");
    }

    private static List<Integer> inParallel(int count, Callable<Integer> call) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(threads.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> future : futures) {
                statuses.add(future.get(60, TimeUnit.SECONDS));
            }
            return statuses;
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aParallelBurstOfWrongPasswordsGetsNoMoreChecksThanTheLimit() throws Exception {
        String name = Api.signUp(Api.uniqueName("burst"));
        String address = newAddress();

        List<Integer> statuses = inParallel(30, () -> login(address, name, "wrong password").statusCode());

        assertEquals(PER_ADDRESS, statuses.stream().filter(s -> s == 401).count(), statuses.toString());
        assertEquals(30 - PER_ADDRESS, statuses.stream().filter(s -> s == 429).count(), statuses.toString());
    }

    @Test
    void anAddressOverItsLimitIsRefusedForEveryNameEvenWithTheRightPassword() {
        String victim = Api.signUp(Api.uniqueName("victim"));
        String other = Api.signUp(Api.uniqueName("other"));
        String address = newAddress();
        for (int i = 0; i < PER_ADDRESS; i++) {
            login(address, victim, "wrong password").then().statusCode(401);
        }
        login(address, victim, Api.PASSWORD).then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .body("status", equalTo(429));
        login(address, other, Api.PASSWORD).then().statusCode(429);
    }

    @Test
    void oneAddressCannotLockAUserOutOfLoggingInFromElsewhere() {
        String victim = Api.signUp(Api.uniqueName("lockout"));
        String attacker = newAddress();
        for (int i = 0; i < PER_NAME + 5; i++) {
            login(attacker, victim, "wrong password " + i).then().statusCode(i < PER_ADDRESS ? 401 : 429);
        }
        login(newAddress(), victim, Api.PASSWORD).then().statusCode(201);
    }

    @Test
    void manyAddressesTogetherReachTheLimitOfOneName() {
        String name = Api.signUp(Api.uniqueName("spread"));
        for (int i = 0; i < PER_NAME; i++) {
            login(newAddress(), name, "wrong password").then().statusCode(401);
        }
        login(newAddress(), name, Api.PASSWORD).then().statusCode(429)
                .body("detail", equalTo("Too many failed logins for this login name. Try again later."));
    }

    @Test
    void wrongCurrentPasswordsAreCountedLikeFailedLogins() {
        String name = Api.signUp(Api.uniqueName("chpw-throttle"));
        String token = Api.tokenOf(login(newAddress(), name, Api.PASSWORD));
        String address = newAddress();
        for (int i = 0; i < PER_ADDRESS + 2; i++) {
            given().header("X-Forwarded-For", address).header("Authorization", Api.bearer(token))
                    .contentType(ContentType.JSON)
                    .body(Map.of("currentPassword", "guess " + i, "newPassword", "a brand new password"))
                    .when().put("/users/me/password")
                    .then().statusCode(i < PER_ADDRESS ? 403 : 429);
        }
    }

    private static Response reauthenticate(String address, String token, String password) {
        return given().header("X-Forwarded-For", address).header("Authorization", Api.bearer(token))
                .contentType(ContentType.JSON).body(Map.of("password", password))
                .when().post("/sessions/current/reauthenticate");
    }

    @Test
    void wrongReauthenticationPasswordsAreCountedLikeFailedLoginsFromTheirAddress() {
        String name = Api.signUp(Api.uniqueName("reauth-throttle"));
        String token = Api.tokenOf(login(newAddress(), name, Api.PASSWORD));
        String address = newAddress();
        for (int i = 0; i < PER_ADDRESS; i++) {
            reauthenticate(address, token, "guess " + i).then().statusCode(403);
        }
        reauthenticate(address, token, Api.PASSWORD).then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .body("status", equalTo(429));
        login(address, name, Api.PASSWORD).then().statusCode(429);
    }

    @Test
    void wrongReauthenticationPasswordsCountAgainstTheLoginNameAsFailedLoginsDo() {
        String name = Api.signUp(Api.uniqueName("reauth-name"));
        String token = Api.tokenOf(login(newAddress(), name, Api.PASSWORD));
        for (int i = 0; i < PER_NAME; i++) {
            reauthenticate(newAddress(), token, "guess " + i).then().statusCode(403);
        }
        login(newAddress(), name, Api.PASSWORD).then().statusCode(429)
                .body("detail", equalTo("Too many failed logins for this login name. Try again later."));
        reauthenticate(newAddress(), token, Api.PASSWORD).then().statusCode(429)
                .header("Retry-After", matchesPattern("[1-9][0-9]*"));
    }
}
