package dev.cloakroom.session;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** The session of the request being served, as its authentication found it. */
@RequestScoped
public class CurrentSession {

    @Inject
    SecurityIdentity identity;

    /** The live session; 401 when the request has none. */
    public Session get() {
        Session session = identity.getAttribute(SessionIdentityProvider.SESSION);
        if (session == null) {
            throw SessionService.noSession();
        }
        return session;
    }

    /** The live session, which must be a user's; 401 for a guest's too. */
    public Session ofUser() {
        return SessionService.requireUser(get());
    }
}
