package dev.cloakroom;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The database goes away and comes back: 503 problem documents meanwhile, then service as usual. */
@QuarkusTest
@TestProfile(DatabaseOutageTest.ThroughProxy.class)
class DatabaseOutageTest {

    static CuttableProxy proxy;

    @TestHTTPResource(value = "/", management = true)
    URL management;

    public static class ThroughProxy implements QuarkusTestProfile {
        @Override
        public java.util.List<TestResourceEntry> testResources() {
            return java.util.List.of(new TestResourceEntry(ProxyResource.class));
        }
    }

    public static class ProxyResource implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                proxy = new CuttableProxy(3306);
                proxy.start();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            String database = System.getenv().getOrDefault("CLOAKROOM_TEST_DB", "cloakroom_test");
            return Map.of("quarkus.datasource.jdbc.url", "jdbc:mysql://127.0.0.1:" + proxy.port() + "/" + database
                    + "?createDatabaseIfNotExist=true");
        }

        @Override
        public void stop() {
            try {
                proxy.cut();
            } catch (java.io.IOException e) {
                // shutting down anyway
            }
        }
    }

    @Test
    void anOutageAnswers503AndTheServiceRecoversByItself() throws Exception {
        String token = Api.guestSession();

        proxy.cut();
        for (String path : new String[] {"/sessions/current", "/sessions/current"}) {
            given().header("Authorization", Api.bearer(token)).get(path)
                    .then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "5")
                    .body("status", equalTo(503))
                    .body("detail", equalTo("The session store is unavailable. Try again shortly."));
        }
        given().post("/sessions").then().statusCode(503).contentType("application/problem+json");
        given().baseUri(management.toString()).get("health/ready").then().statusCode(503);

        proxy.start();
        // Pooled connections broken by the cut are discarded as they fail; each such failure is
        // still a 503, never a 500. Within a bounded number of requests the service is back.
        int attempts = 0;
        Response response;
        do {
            response = given().header("Authorization", Api.bearer(token)).get("/sessions/current");
            attempts++;
            assertTrue(response.statusCode() == 200 || response.statusCode() == 503,
                    "unexpected status " + response.statusCode());
        } while (response.statusCode() != 200 && attempts < 50);
        assertEquals(200, response.statusCode(), "still failing after " + attempts + " requests");
        given().baseUri(management.toString()).get("health/ready").then().statusCode(200);
    }
}
