package dev.cloakroom.events;

/** A session an event ended: its public id, and its user (null for a guest's). */
public record EndedSession(String sessionId, Long userId) {
}
