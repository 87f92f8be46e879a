package dev.cloakroom.session;

import dev.cloakroom.db.Utc;
import dev.cloakroom.db.WriteConflicts;
import dev.cloakroom.events.EventOutbox;
import dev.cloakroom.events.EventType;
import dev.cloakroom.events.NewEvent;
import dev.cloakroom.session.SessionService.Opened;
import dev.cloakroom.user.UserService;
import dev.cloakroom.user.UserService.PasswordChange;
import dev.cloakroom.web.ClientInfo;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;

/** A password change, as it touches the user's sessions. */
@ApplicationScoped
public class PasswordChanges {

    @Inject
    SessionRepository sessions;

    @Inject
    SessionTokens tokens;

    @Inject
    UserService users;

    @Inject
    WriteConflicts conflicts;

    @Inject
    SessionMetrics metrics;

    @Inject
    EventOutbox events;

    /**
     * Changes the caller's password. In one transaction the password is stored, this session
     * continues under a new token and counts as authenticated now (its user has just typed the
     * password), and every other session of the user ends; a session whose login checked the old
     * password while this ran is ended by the credential version.
     */
    public Opened changePassword(Session caller, String currentPassword, String newPassword, ClientInfo client) {
        Session current = SessionService.requireUser(caller);
        PasswordChange change = users.checkPasswordChange(current.user, client.ip(), currentPassword, newPassword);
        return conflicts.inNewTransaction(() -> {
            long version = users.storeNewPassword(change);
            byte[] secret = tokens.newSecret();
            Instant now = Utc.now();
            if (!sessions.rotate(current.id, SessionTokens.hash(secret), version, now)) {
                throw SessionService.noSession();
            }
            List<String> ended = sessions.deleteLiveOfUserExcept(current.user.id, current.id, now);
            metrics.ended(SessionMetrics.Ended.PASSWORD_CHANGE, ended.size());
            events.record(NewEvent.ended(EventType.PASSWORD_CHANGE, now, current.user.id, current.publicId, ended));
            Session rotated = sessions.findWithUser(current.id).orElseThrow(SessionService::noSession);
            Log.debugf("Password change of user %d: session %s continues under a new token", current.user.id,
                    current.publicId);
            return new Opened(SessionTokens.token(current.id, secret), rotated);
        });
    }
}
