package dev.cloakroom.admin;

import dev.cloakroom.session.Session;
import dev.cloakroom.session.SessionCookies;
import dev.cloakroom.session.SessionService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;

/** The gate of every operator call: a live session (else 401) of an administrator (else 403). */
@ApplicationScoped
public class AdminAccess {

    @Inject
    SessionCookies cookies;

    @Inject
    SessionService sessions;

    public Session requireAdministrator(HttpHeaders headers) {
        Session session = sessions.authenticateUser(cookies.tokenOf(headers));
        if (!session.user.isAdmin()) {
            throw new NotAnAdministratorException("This needs an administrator's session.");
        }
        return session;
    }
}
