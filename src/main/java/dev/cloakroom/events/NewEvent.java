package dev.cloakroom.events;

import java.time.Instant;
import java.util.List;

/**
 * An event about to be written: what happened, to which user, in which session (public ids
 * only, never a token), and which sessions it ended.
 */
public record NewEvent(EventType type, Instant occurredAt, Long userId, String sessionId, String previousSessionId,
        List<EndedSession> ended) {

    /** A login into {@code sessionId}; {@code rotatedFrom} is the session presented with it, which ended. */
    public static NewEvent login(Instant at, long userId, String sessionId, EndedSession rotatedFrom) {
        return new NewEvent(EventType.LOGIN, at, userId, sessionId,
                rotatedFrom == null ? null : rotatedFrom.sessionId(),
                rotatedFrom == null ? List.of() : List.of(rotatedFrom));
    }

    /** Sessions of one user ended by {@code type}, done from {@code sessionId} (null when from no session of theirs). */
    public static NewEvent ended(EventType type, Instant at, long userId, String sessionId, List<String> endedIds) {
        return new NewEvent(type, at, userId, sessionId, null,
                endedIds.stream().map(id -> new EndedSession(id, userId)).toList());
    }

    /** Expired sessions of any users, deleted in one pruner chunk. */
    public static NewEvent expired(Instant at, List<EndedSession> sessions) {
        return new NewEvent(EventType.EXPIRE, at, null, null, null, sessions);
    }
}
