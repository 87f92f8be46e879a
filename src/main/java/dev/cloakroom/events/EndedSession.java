package dev.cloakroom.events;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A session an event ended: its public id, and its user (null for a guest's). */
@RegisterForReflection
public record EndedSession(
        @Schema(description = "The public id of a session the event ended") String sessionId,
        @Schema(description = "Its user; null for a guest session (a login rotated from it)") Long userId) {
}
