package dev.cloakroom.session;

import com.fasterxml.jackson.databind.util.RawValue;
import java.time.Duration;
import java.time.Instant;

/**
 * The session representation of the API contract. The data goes out as stored: it was checked
 * to be a JSON object when it was written, so a read neither parses nor re-serialises it.
 */
public record SessionView(
        String id,
        UserRef user,
        Instant createdAt,
        Instant authenticatedAt,
        Instant lastSeenAt,
        Instant idleExpiresAt,
        Instant absoluteExpiresAt,
        RawValue data,
        long version) {

    public record UserRef(long id, String loginName) {
    }

    static SessionView of(Session session, Duration idleTimeout) {
        Instant lastSeen = session.lastSeenAt;
        return new SessionView(
                session.publicId,
                session.user == null ? null : new UserRef(session.user.id, session.user.loginName),
                session.createdAt,
                session.authenticatedAt,
                lastSeen,
                lastSeen.plus(idleTimeout),
                session.absoluteExpiresAt,
                new RawValue(session.data),
                session.version);
    }
}
