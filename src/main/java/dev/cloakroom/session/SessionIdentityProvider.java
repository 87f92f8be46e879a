package dev.cloakroom.session;

import dev.cloakroom.user.User;
import dev.cloakroom.web.SessionTokenRequest;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Turns a presented token into the identity of its live session: role {@code user} (and
 * {@code admin} for administrators) for a user's session, {@code guest} for a guest's. The
 * session itself, already touched, rides along as an attribute ({@link CurrentSession}), so a
 * request looks its session up once.
 */
@ApplicationScoped
public class SessionIdentityProvider implements IdentityProvider<SessionTokenRequest> {

    static final String SESSION = "cloakroom.session";
    public static final String ROLE_GUEST = "guest";

    @Inject
    SessionService sessions;

    @Override
    public Class<SessionTokenRequest> getRequestType() {
        return SessionTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(SessionTokenRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> identityOf(request.token()));
    }

    private SecurityIdentity identityOf(String token) {
        Session session;
        try {
            session = sessions.current(Optional.of(token));
        } catch (NoSessionException e) {
            throw new AuthenticationFailedException(e.getMessage());
        }
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .addAttribute(SESSION, session);
        if (session.user == null) {
            identity.setPrincipal(new QuarkusPrincipal("guest")).addRole(ROLE_GUEST);
        } else {
            identity.setPrincipal(new QuarkusPrincipal(session.user.loginName)).addRole(User.ROLE_USER);
            if (session.user.isAdmin()) {
                identity.addRole(User.ROLE_ADMIN);
            }
        }
        return identity.build();
    }
}
