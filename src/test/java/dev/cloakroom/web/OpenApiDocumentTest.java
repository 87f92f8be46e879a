package dev.cloakroom.web;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document says what generated clients need to know, on every operation. */
@QuarkusTest
class OpenApiDocumentTest {

    private static JsonPath document() {
        return given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
    }

    /** Every operation as "METHOD path" with its object. */
    private static Map<String, Map<String, Object>> operations(JsonPath doc) {
        Map<String, Map<String, Object>> all = new java.util.TreeMap<>();
        Map<String, Map<String, Map<String, Object>>> paths = doc.getMap("paths");
        paths.forEach((path, item) -> item.forEach((method, operation) -> all.put(method.toUpperCase() + " " + path, operation)));
        return all;
    }

    @Test
    void everyOperationHasAStableIdAndEveryErrorIsAProblem() {
        Map<String, Map<String, Object>> operations = operations(document());
        assertEquals(16, operations.size(), operations.keySet().toString());
        Set<Object> ids = new HashSet<>();
        operations.forEach((name, operation) -> {
            Object id = operation.get("operationId");
            assertNotNull(id, name + " has no operationId");
            assertTrue(ids.add(id), "operationId " + id + " twice");
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) operation.get("responses");
            assertTrue(responses.containsKey("503"), name + " does not declare 503");
            responses.forEach((status, response) -> {
                if (status.compareTo("400") >= 0) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> content = (Map<String, Object>) response.get("content");
                    assertNotNull(content, name + " " + status + " has no body");
                    assertEquals(Set.of("application/problem+json"), content.keySet(), name + " " + status);
                }
            });
        });
    }

    @Test
    void sessionCallsNameBothWaysToPresentAToken() {
        JsonPath doc = document();
        assertEquals("http", doc.getString("components.securitySchemes.bearer.type"));
        assertEquals("bearer", doc.getString("components.securitySchemes.bearer.scheme"));
        assertEquals("cookie", doc.getString("components.securitySchemes.sessionCookie.in"));
        assertEquals(List.of(Map.of("bearer", List.of()), Map.of("sessionCookie", List.of())),
                doc.getList("paths.'/sessions/current'.get.security"));
        assertEquals(List.of(), doc.getList("paths.'/users'.post.security"), "sign-up needs no session");
    }

    @Test
    void theStepUpCallsAreDescribed() {
        JsonPath doc = document();
        assertEquals("reauthenticate", doc.getString("paths.'/sessions/current/reauthenticate'.post.operationId"));
        assertEquals("#/components/schemas/LoginResponse", doc.getString(
                "paths.'/sessions/current/reauthenticate'.post.responses.'200'.content.'application/json'.schema.'$ref'"));
        assertNotNull(doc.get("paths.'/sessions/current/reauthenticate'.post.responses.'429'.headers.'Retry-After'"));
        Map<String, Object> answers = doc.getMap("paths.'/sessions/current/reauthenticate'.post.responses");
        assertEquals(Set.of("200", "400", "401", "403", "415", "429", "503"), answers.keySet());
        assertEquals("maxAuthAge", doc.getString("paths.'/sessions/current'.get.parameters[0].name"));
        assertEquals("query", doc.getString("paths.'/sessions/current'.get.parameters[0].in"));
        assertEquals(0, doc.getInt("paths.'/sessions/current'.get.parameters[0].schema.minimum"));
        assertNotNull(doc.get("paths.'/sessions/current'.get.responses.'400'"));
        assertNotNull(doc.get("paths.'/sessions/current'.get.responses.'401'.headers.'WWW-Authenticate'"));
        assertEquals("string", doc.getString("components.schemas.SessionSummary.properties.deviceName.type"));
    }

    @Test
    void bodiesAreJsonAndSessionDataIsFreeForm() {
        JsonPath doc = document();
        assertFalse(doc.getBoolean("paths.'/sessions'.post.requestBody.required"), "a guest login has no body");
        assertNotNull(doc.get("paths.'/sessions'.post.requestBody.content.'application/json'"));
        assertNotNull(doc.get("paths.'/sessions/current/data'.patch.requestBody.content.'application/merge-patch+json'"));
        assertEquals(true, doc.get("components.schemas.SessionView.properties.data.additionalProperties"));
        assertEquals("null", doc.getString("components.schemas.SessionView.properties.user.oneOf[1].type"));
        assertEquals("date-time", doc.getString("components.schemas.SessionView.properties.authenticatedAt.oneOf[0].format"));
        assertEquals("null", doc.getString("components.schemas.SessionView.properties.authenticatedAt.oneOf[1].type"));
        assertEquals("#/components/schemas/LoginResponse",
                doc.getString("paths.'/sessions'.post.responses.'201'.content.'application/json'.schema.'$ref'"));
        assertEquals("If-Match", doc.getString("paths.'/sessions/current/data'.put.parameters[0].name"));
        assertEquals("^[A-Za-z0-9._@-]{3,64}$", doc.getString("components.schemas.SignUp.properties.loginName.pattern"));
        assertEquals(List.of("done", "time-budget", "backpressure", "shutdown", "error"),
                doc.getList("components.schemas.RunReport.properties.stoppedBecause.enum"));
    }
}
