package dev.cloakroom.session;

import dev.cloakroom.db.RetryOnWriteConflict;
import dev.cloakroom.db.Utc;
import dev.cloakroom.events.EventOutbox;
import dev.cloakroom.events.EventType;
import dev.cloakroom.events.NewEvent;
import dev.cloakroom.session.SessionRepository.SessionCounts;
import dev.cloakroom.user.UserService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What operators do with sessions: count them, and log a user out everywhere. */
@ApplicationScoped
public class SessionAdministration {

    @Inject
    SessionRepository sessions;

    @Inject
    UserService users;

    @Inject
    SessionMetrics metrics;

    @Inject
    EventOutbox events;

    /**
     * Session counts. One pass over the {@code expires_at} index: meant for operators, not for
     * frequent polling (the pruner's gauges are cheap).
     */
    public SessionStats stats() {
        Instant now = Utc.now();
        SessionCounts counts = sessions.countSessions(now);
        long oldestAge = counts.expired() == 0 ? 0
                : Math.max(0, Duration.between(counts.earliestExpiresAt(), now).toSeconds());
        return new SessionStats(counts.total(), counts.total() - counts.expired(), counts.expired(), oldestAge);
    }

    /** Ends every live session of the named user; empty when there is no such user. */
    @Transactional
    @RetryOnWriteConflict
    public Optional<Revoked> revokeAllOf(String loginName) {
        return users.findByLoginName(loginName).map(user -> {
            Instant now = Utc.now();
            List<String> revoked = sessions.deleteLiveOfUser(user.id, now);
            metrics.ended(SessionMetrics.Ended.ADMIN, revoked.size());
            if (!revoked.isEmpty()) {
                events.record(NewEvent.ended(EventType.ADMIN_LOGOUT, now, user.id, null, revoked));
            }
            return new Revoked(revoked.size());
        });
    }
}
