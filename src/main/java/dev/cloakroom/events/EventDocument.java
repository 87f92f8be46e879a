package dev.cloakroom.events;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An event as JSON, the same in {@code GET /admin/events} and in a webhook's body. Registered for
 * reflection: the webhook serialises it outside any REST endpoint.
 */
@RegisterForReflection
public record EventDocument(
        @Schema(description = "The event's identity: an event delivered twice has the same id") long id,
        @Schema(description = "The event's place in the delivery order: ask with after=<this> for what came next")
        String cursor,
        @Schema(enumeration = { "login", "logout", "revoke", "revoke-others", "password-change", "admin-logout",
                "evict", "expire" }) String type,
        Instant occurredAt,
        @Schema(description = "The user; null for expire, which names a user per session") Long userId,
        @Schema(description = "The session the event happened in: the new session of a login, the session that"
                + " logged out, revoked, changed the password or logged in over the limit; null for admin-logout"
                + " and expire") String sessionId,
        @Schema(description = "login only: the session presented with the login, which ended") String previousSessionId,
        @Schema(description = "Every session the event ended") List<EndedSession> ended) {

    public static EventDocument of(SessionEvent event) {
        return new EventDocument(event.id(), Long.toString(event.cursor()), event.type().label(), event.occurredAt(),
                event.userId(), event.sessionId(), event.previousSessionId(), event.ended());
    }
}
