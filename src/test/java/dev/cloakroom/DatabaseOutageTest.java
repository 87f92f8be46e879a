package dev.cloakroom;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cloakroom.testsupport.ProxiedDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.net.URL;
import org.junit.jupiter.api.Test;

/** The database goes away and comes back: 503 problem documents meanwhile, then service as usual. */
@QuarkusTest
@TestProfile(ProxiedDatabase.class)
class DatabaseOutageTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void anOutageAnswers503AndTheServiceRecoversByItself() throws Exception {
        String token = Api.guestSession();

        ProxiedDatabase.proxy().cut();
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

        ProxiedDatabase.proxy().start();
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
