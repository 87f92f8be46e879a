package dev.cloakroom.client.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloakroom.client.ApiClient;
import dev.cloakroom.client.ApiException;
import dev.cloakroom.client.ApiResponse;
import dev.cloakroom.client.api.SessionsApi;
import dev.cloakroom.client.api.UsersApi;
import dev.cloakroom.client.model.LoginRequest;
import dev.cloakroom.client.model.LoginResponse;
import dev.cloakroom.client.model.Problem;
import dev.cloakroom.client.model.SessionSummary;
import dev.cloakroom.client.model.SessionView;
import dev.cloakroom.client.model.SignUp;
import dev.cloakroom.client.model.UserView;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client generated from the stored OpenAPI document drives a whole session's life through
 * its typed API: what a generated client of an application would do.
 */
class GeneratedClientFlowTest {

    private static final String PASSWORD = "correct horse battery";

    private static PackagedService service;

    @BeforeAll
    static void startTheService() throws Exception {
        service = PackagedService.start();
    }

    @AfterAll
    static void stopTheService() throws Exception {
        service.close();
    }

    /** A client that sends this token as its bearer token, or none. */
    private static ApiClient client(String token) {
        ApiClient client = new ApiClient();
        URI base = URI.create(service.baseUri);
        client.setScheme(base.getScheme());
        client.setHost(base.getHost());
        client.setPort(base.getPort());
        client.setBasePath("");
        if (token != null) {
            client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        }
        return client;
    }

    private static Problem problemOf(ApiException e) throws Exception {
        return new ObjectMapper().findAndRegisterModules().readValue(e.getResponseBody(), Problem.class);
    }

    @Test
    void aSessionLivesItsWholeLifeThroughTheGeneratedClient() throws Exception {
        String name = "client-" + UUID.randomUUID().toString().substring(0, 12);
        UserView user = new UsersApi(client(null)).signUp(new SignUp().loginName(name).password(PASSWORD));
        assertEquals(name, user.getLoginName());

        LoginResponse login = new SessionsApi(client(null)).login(new LoginRequest().loginName(name).password(PASSWORD));
        SessionsApi sessions = new SessionsApi(client(login.getToken()));
        assertEquals(name, login.getSession().getUser().getLoginName());

        ApiResponse<SessionView> current = sessions.getCurrentSessionWithHttpInfo();
        assertEquals("\"1\"", current.getHeaders().get("etag").get(0));

        SessionView replaced = sessions.replaceSessionData(Map.of("cart", List.of("apple"), "theme", "dark"), "\"1\"");
        assertEquals(Map.of("cart", List.of("apple"), "theme", "dark"), replaced.getData());
        assertEquals(2L, replaced.getVersion());

        SessionView merged = sessions.mergeSessionData(Map.of("lang", "fr"), null);
        assertEquals(Map.of("cart", List.of("apple"), "theme", "dark", "lang", "fr"), merged.getData());

        ApiException stale = assertThrows(ApiException.class,
                () -> sessions.replaceSessionData(Map.of(), "\"1\""));
        assertEquals(412, stale.getCode());
        assertEquals(412, problemOf(stale).getStatus());

        LoginResponse second = new SessionsApi(client(null)).login(new LoginRequest().loginName(name).password(PASSWORD));
        List<SessionSummary> mine = sessions.listMySessions();
        assertEquals(2, mine.size());
        assertEquals(1, mine.stream().filter(SessionSummary::getCurrent).count());
        sessions.revokeSession(second.getSession().getId());
        assertEquals(1, sessions.listMySessions().size());

        sessions.logout();
        ApiException gone = assertThrows(ApiException.class, sessions::getCurrentSession);
        assertEquals(401, gone.getCode());
        Problem problem = problemOf(gone);
        assertEquals("Unauthorized", problem.getTitle());
        assertTrue(problem.getDetail().startsWith("No live session"), problem.getDetail());
    }

    @Test
    void aGuestSessionReadsBackWithNoUser() throws Exception {
        LoginResponse guest = new SessionsApi(client(null)).login(null);
        assertNull(guest.getSession().getUser());
        assertNotEquals(null, guest.getToken());
        assertEquals(Map.of(), new SessionsApi(client(guest.getToken())).getCurrentSession().getData());
    }
}
