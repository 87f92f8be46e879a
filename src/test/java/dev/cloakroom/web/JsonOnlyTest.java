package dev.cloakroom.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.cloakroom.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bodies are JSON, nothing else: the content types a page can send without a preflight
 * (text/plain, form, multipart) and a body with no content type are 415 on every endpoint
 * that reads a body. Sent with the JDK client, which adds no content type of its own.
 */
@QuarkusTest
class JsonOnlyTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String MULTIPART = "multipart/form-data; boundary=cloakroom";

    @TestHTTPResource("/")
    URL root;

    static Stream<Arguments> bodyEndpoints() {
        List<Arguments> all = new ArrayList<>();
        for (String contentType : new String[] { "text/plain", "application/x-www-form-urlencoded", MULTIPART, "*/*",
                "application/*", null }) {
            all.add(Arguments.of("POST", "/sessions", contentType));
            all.add(Arguments.of("POST", "/users", contentType));
            all.add(Arguments.of("PUT", "/users/me/password", contentType));
            all.add(Arguments.of("POST", "/sessions/current/reauthenticate", contentType));
            all.add(Arguments.of("PUT", "/sessions/current/data", contentType));
            all.add(Arguments.of("PATCH", "/sessions/current/data", contentType));
        }
        all.add(Arguments.of("PATCH", "/sessions/current/data", "application/json"));
        return all.stream();
    }

    private static String bodyFor(String path, String contentType) {
        String json = switch (path) {
            case "/sessions", "/users" -> "{\"loginName\":\"" + Api.uniqueName("json") + "\",\"password\":\"" + Api.PASSWORD + "\"}";
            case "/users/me/password" -> "{\"currentPassword\":\"" + Api.PASSWORD + "\",\"newPassword\":\"another password\"}";
            case "/sessions/current/reauthenticate" -> "{\"password\":\"" + Api.PASSWORD + "\"}";
            default -> "{\"cart\":1}";
        };
        if (MULTIPART.equals(contentType)) {
            return "--cloakroom\r\nContent-Disposition: form-data; name=\"" + json + "\"\r\n\r\nx\r\n--cloakroom--\r\n";
        }
        return json;
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root.toString()).resolve(path))
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", Api.bearer(token));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest(name = "{0} {1} as {2}")
    @MethodSource("bodyEndpoints")
    void aBodyThatIsNotJsonIsUnsupported(String method, String path, String contentType) throws Exception {
        String token = Api.newUserSession("json-only");
        HttpResponse<String> response = send(method, path, contentType, bodyFor(path, contentType), token);

        assertThat(response.statusCode(), equalTo(415));
        assertThat(response.headers().firstValue("Content-Type").orElse(""), startsWith("application/problem+json"));
        JsonPath problem = JsonPath.from(response.body());
        assertThat(problem.getInt("status"), equalTo(415));
        assertThat(problem.getString("title"), equalTo("Unsupported Media Type"));
        assertThat(problem.getString("detail"), notNullValue());
        given().header("Authorization", Api.bearer(token)).get("/sessions/current").then().statusCode(200)
                .body("data.cart", equalTo(null));
    }

    @Test
    void aLoginWithoutABodyNeedsNoContentType() throws Exception {
        HttpResponse<String> response = send("POST", "/sessions", null, "", null);
        assertThat(response.statusCode(), equalTo(201));
        assertThat(JsonPath.from(response.body()).getString("session.user"), equalTo(null));
    }

    @Test
    void jsonWithACharsetParameterIsJson() throws Exception {
        String name = Api.signUp(Api.uniqueName("charset"));
        HttpResponse<String> response = send("POST", "/sessions", "application/json; charset=UTF-8",
                "{\"loginName\":\"" + name + "\",\"password\":\"" + Api.PASSWORD + "\"}", null);
        assertThat(response.statusCode(), equalTo(201));
        assertThat(JsonPath.from(response.body()).getString("session.user.loginName"), equalTo(name));
    }

    @Test
    void anEmptyBodyIsAGuestLoginWhateverItsContentTypeSays() throws Exception {
        HttpResponse<String> response = send("POST", "/sessions", "application/x-www-form-urlencoded", "", null);
        assertThat(response.statusCode(), equalTo(201));
    }

    static Stream<Arguments> eachBodyEndpoint() {
        return bodyEndpoints().filter(arguments -> arguments.get()[2] == null);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("eachBodyEndpoint")
    void aMalformedContentTypeIsAClientError(String method, String path, String ignored) throws Exception {
        String token = Api.newUserSession("bad-type");
        for (String contentType : new String[] { "json", ";;", "application/json/x", "/" }) {
            HttpResponse<String> response = send(method, path, contentType, bodyFor(path, "application/json"), token);
            assertThat(method + " " + path + " as " + contentType, response.statusCode() / 100, equalTo(4));
            assertThat(response.headers().firstValue("Content-Type").orElse(""), startsWith("application/problem+json"));
        }
    }
}
