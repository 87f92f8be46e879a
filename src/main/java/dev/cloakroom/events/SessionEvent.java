package dev.cloakroom.events;

import java.time.Instant;
import java.util.List;

/**
 * An event as delivered. {@code id} is the event's identity (a consumer that sees it twice has
 * seen one event); {@code cursor} its place in the delivery order.
 */
public record SessionEvent(long id, long cursor, EventType type, Instant occurredAt, Long userId, String sessionId,
        String previousSessionId, List<EndedSession> ended) {
}
