package dev.cloakroom.session;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cloakroom.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SessionDataTest {

    private static final String MERGE_PATCH = "application/merge-patch+json";

    private static Response put(String token, String body, String ifMatch) {
        var request = given().header("Authorization", Api.bearer(token)).contentType(ContentType.JSON).body(body);
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return request.when().put("/sessions/current/data");
    }

    private static Response patch(String token, String body, String ifMatch) {
        var request = given().header("Authorization", Api.bearer(token)).contentType(MERGE_PATCH).body(body);
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return request.when().patch("/sessions/current/data");
    }

    @Test
    void putReplacesTheDataAndMovesTheETag() {
        String token = Api.guestSession();
        put(token, "{\"a\":1,\"b\":{\"c\":[true,null]}}", null).then().statusCode(200)
                .header("ETag", "\"2\"")
                .body("version", equalTo(2))
                .body("data.a", equalTo(1))
                .body("data.b.c[0]", equalTo(true));
        put(token, "{\"z\":\"only\"}", "\"2\"").then().statusCode(200)
                .header("ETag", "\"3\"")
                .body("data", equalTo(Map.of("z", "only")));
        given().header("Authorization", Api.bearer(token)).get("/sessions/current").then()
                .header("ETag", "\"3\"").body("data", equalTo(Map.of("z", "only")));
    }

    @Test
    void aStaleIfMatchIsPreconditionFailedAndChangesNothing() {
        String token = Api.guestSession();
        put(token, "{\"n\":1}", "\"1\"").then().statusCode(200);
        put(token, "{\"n\":2}", "\"1\"").then().statusCode(412)
                .contentType("application/problem+json")
                .body("status", equalTo(412));
        patch(token, "{\"n\":3}", "\"1\"").then().statusCode(412);
        given().header("Authorization", Api.bearer(token)).get("/sessions/current").then()
                .body("data.n", equalTo(1)).body("version", equalTo(2));
    }

    @Test
    void mergePatchFollowsRfc7396() {
        String token = Api.guestSession();
        put(token, "{\"keep\":1,\"drop\":2,\"nested\":{\"x\":1,\"y\":2},\"list\":[1,2]}", null).then().statusCode(200);
        patch(token, "{\"drop\":null,\"nested\":{\"y\":null,\"z\":3},\"list\":[9],\"new\":{\"gone\":null,\"v\":1}}", null)
                .then().statusCode(200)
                .header("ETag", "\"3\"")
                .body("data", equalTo(Map.of(
                        "keep", 1,
                        "nested", Map.of("x", 1, "z", 3),
                        "list", List.of(9),
                        "new", Map.of("v", 1))));
    }

    @Test
    void patchNeedsTheMergePatchMediaType() {
        String token = Api.guestSession();
        given().header("Authorization", Api.bearer(token)).contentType(ContentType.JSON).body("{\"a\":1}")
                .when().patch("/sessions/current/data")
                .then().statusCode(415)
                .contentType("application/problem+json")
                .body("status", equalTo(415));
    }

    @Test
    void dataThatIsNotAnObjectIsABadRequest() {
        String token = Api.guestSession();
        for (String body : new String[] {"[1]", "\"s\"", "42", "null"}) {
            put(token, body, null).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("detail", containsString("object"));
        }
        patch(token, "[1]", null).then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void malformedJsonIsABadRequestAndLosesNothing() {
        String token = Api.guestSession();
        put(token, "{\"kept\":true}", null).then().statusCode(200);
        put(token, "{\"a\":", null).then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("JSON"));
        patch(token, "{oops}", null).then().statusCode(400);
        given().header("Authorization", Api.bearer(token)).get("/sessions/current").then()
                .body("data.kept", equalTo(true)).body("version", equalTo(2));
    }

    @Test
    void dataOverTheLimitIsContentTooLarge() {
        String token = Api.guestSession();
        String big = "{\"blob\":\"" + "x".repeat(65536) + "\"}";
        put(token, big, null).then().statusCode(413)
                .contentType("application/problem+json")
                .body("status", equalTo(413));
        // a patch that is small itself but makes the whole document too large
        String half = "x".repeat(40000);
        put(token, "{\"a\":\"" + half + "\"}", null).then().statusCode(200);
        patch(token, "{\"b\":\"" + half + "\"}", null).then().statusCode(413);
        given().header("Authorization", Api.bearer(token)).get("/sessions/current").then()
                .body("data.b", equalTo(null)).body("version", equalTo(2));
    }

    @Test
    void concurrentMergePatchesLoseNoUpdate() throws Exception {
        String token = Api.guestSession();
        int writers = 12;
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String body = "{\"k" + i + "\":" + i + "}";
                results.add(pool.submit(() -> patch(token, body, null).statusCode()));
            }
            for (Future<Integer> result : results) {
                assertEquals(200, result.get());
            }
        } finally {
            pool.shutdown();
        }
        Map<String, Integer> data = given().header("Authorization", Api.bearer(token))
                .get("/sessions/current").then().body("version", equalTo(1 + writers))
                .extract().path("data");
        assertEquals(writers, data.size());
    }

    @Test
    void concurrentWritersWithTheSameIfMatchSeeExactlyOneWin() throws Exception {
        String token = Api.guestSession();
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            String body = "{\"writer\":" + i + "}";
            tasks.add(() -> put(token, body, "\"1\"").statusCode());
        }
        List<Integer> statuses = new ArrayList<>();
        try {
            for (Future<Integer> result : pool.invokeAll(tasks)) {
                statuses.add(result.get());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(writers - 1, statuses.stream().filter(s -> s == 412).count(), statuses.toString());
        given().header("Authorization", Api.bearer(token)).get("/sessions/current").then().body("version", equalTo(2));
    }

    @Test
    void writingDataNeedsALiveSession() {
        put("no-such-token", "{}", null).then().statusCode(401).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{}").when().put("/sessions/current/data").then().statusCode(401);
    }
}
