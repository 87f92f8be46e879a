package dev.cloakroom.client.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import dev.cloakroom.client.model.Reauthentication;
import dev.cloakroom.client.model.SessionSummary;
import dev.cloakroom.client.model.SessionView;
import dev.cloakroom.client.model.SignUp;
import dev.cloakroom.client.model.UserView;
import java.net.URI;
import java.time.OffsetDateTime;
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

    private static final String FIREFOX_ON_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0";

    /** A client that sends this token as its bearer token, or none. */
    private static ApiClient client(String token) {
        return client(token, null);
    }

    /** As {@link #client(String)}, naming itself with this User-Agent when one is given. */
    private static ApiClient client(String token, String userAgent) {
        ApiClient client = new ApiClient();
        URI base = URI.create(service.baseUri);
        client.setScheme(base.getScheme());
        client.setHost(base.getHost());
        client.setPort(base.getPort());
        client.setBasePath("");
        client.setRequestInterceptor(request -> {
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            if (userAgent != null) {
                request.setHeader("User-Agent", userAgent);
            }
        });
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

        ApiResponse<SessionView> current = sessions.getCurrentSessionWithHttpInfo(null);
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
        ApiException gone = assertThrows(ApiException.class, () -> sessions.getCurrentSession(null));
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
        assertEquals(Map.of(), new SessionsApi(client(guest.getToken())).getCurrentSession(null).getData());
        assertNull(guest.getSession().getAuthenticatedAt());
    }

    @Test
    void aStepUpThroughTheGeneratedClient() throws Exception {
        String name = "client-stepup-" + UUID.randomUUID().toString().substring(0, 12);
        new UsersApi(client(null)).signUp(new SignUp().loginName(name).password(PASSWORD));
        LoginResponse login = new SessionsApi(client(null, FIREFOX_ON_ANDROID))
                .login(new LoginRequest().loginName(name).password(PASSWORD));
        SessionsApi sessions = new SessionsApi(client(login.getToken()));
        OffsetDateTime loggedIn = login.getSession().getAuthenticatedAt();
        assertNotNull(loggedIn);

        assertEquals(loggedIn, sessions.getCurrentSession(3600).getAuthenticatedAt());
        assertEquals("Firefox Mobile 133 on Android", sessions.listMySessions().get(0).getDeviceName());

        ApiException wrong = assertThrows(ApiException.class,
                () -> sessions.reauthenticate(new Reauthentication().password("not the password")));
        assertEquals(403, wrong.getCode());
        assertEquals("The password is wrong.", problemOf(wrong).getDetail());

        LoginResponse stepped = sessions.reauthenticate(new Reauthentication().password(PASSWORD));
        assertNotEquals(login.getToken(), stepped.getToken());
        assertEquals(login.getSession().getId(), stepped.getSession().getId());
        assertFalse(stepped.getSession().getAuthenticatedAt().isBefore(loggedIn));
        assertEquals(401, assertThrows(ApiException.class, () -> sessions.getCurrentSession(null)).getCode());
        assertEquals(stepped.getSession().getAuthenticatedAt(),
                new SessionsApi(client(stepped.getToken())).getCurrentSession(3600).getAuthenticatedAt());

        LoginResponse guest = new SessionsApi(client(null)).login(null);
        SessionsApi guestSessions = new SessionsApi(client(guest.getToken()));
        ApiException stepUp = assertThrows(ApiException.class, () -> guestSessions.getCurrentSession(300));
        assertEquals(401, stepUp.getCode());
        assertEquals("/problems/reauthentication-required", problemOf(stepUp).getType());
        assertTrue(stepUp.getResponseHeaders().firstValue("WWW-Authenticate").orElse("")
                .contains("error=\"insufficient_user_authentication\""));
        ApiException badAge = assertThrows(ApiException.class, () -> guestSessions.getCurrentSession(-1));
        assertEquals(400, badAge.getCode());
        assertEquals(400, problemOf(badAge).getStatus());
    }
}
