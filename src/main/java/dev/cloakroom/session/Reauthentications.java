package dev.cloakroom.session;

import dev.cloakroom.db.Utc;
import dev.cloakroom.db.WriteConflicts;
import dev.cloakroom.session.SessionService.Opened;
import dev.cloakroom.user.User;
import dev.cloakroom.user.UserService;
import dev.cloakroom.web.BadRequestProblem;
import dev.cloakroom.web.ClientInfo;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/**
 * Step-up: the user of a session types the password again before a sensitive action, and the
 * session counts as authenticated now.
 *
 * <p>The session continues under a new token, as after a password change: a token copied before
 * the step-up (from a log, a shared computer, a proxy) must not ride on an authentication its
 * holder never made. The row, its id and its data stay.
 */
@ApplicationScoped
public class Reauthentications {

    @Inject
    SessionRepository sessions;

    @Inject
    SessionTokens tokens;

    @Inject
    UserService users;

    @Inject
    WriteConflicts conflicts;

    /**
     * Checks the password (outside any transaction, counted like a login), then in one short
     * transaction gives the session a new token and {@code authenticatedAt} now. 401 when the
     * session ended or was rotated meanwhile, or when the password changed since it was checked.
     */
    public Opened reauthenticate(Session caller, String password, ClientInfo client) {
        if (caller.user == null) {
            throw new BadRequestProblem("A guest session has no password to check: log in instead.");
        }
        User checked = users.reauthenticate(caller.user, client.ip(), password);
        return conflicts.inNewTransaction(() -> {
            Instant now = Utc.now();
            Session session = sessions.lockLive(caller.id, caller.tokenHash, now)
                    .filter(locked -> locked.credentialVersion == checked.credentialVersion)
                    .orElseThrow(SessionService::noSession);
            byte[] secret = tokens.newSecret();
            session.tokenHash = SessionTokens.hash(secret);
            sessions.rotate(session.id, session.tokenHash, session.credentialVersion, now);
            session.authenticatedAt = now;
            Log.debugf("Session %s of user %d reauthenticated under a new token", session.publicId, session.user.id);
            return new Opened(SessionTokens.token(session.id, secret), session);
        });
    }
}
