package dev.cloakroom.events;

import java.util.Arrays;

/** What happened to a user's sessions. Guest sessions and data writes have no events. */
public enum EventType {
    /** A session was opened for a user; it may have rotated from a session presented with the login. */
    LOGIN("login"),
    /** The session's holder logged out. */
    LOGOUT("logout"),
    /** The user ended one of their sessions from another. */
    REVOKE("revoke"),
    /** The user ended every other session of theirs. */
    REVOKE_OTHERS("revoke-others"),
    /** The password changed: the session continues under a new token, the user's other sessions ended. */
    PASSWORD_CHANGE("password-change"),
    /** An operator ended every session of the user. */
    ADMIN_LOGOUT("admin-logout"),
    /** A login over the per-user session limit ended the user's least recently used sessions. */
    EVICT("evict"),
    /** The pruner deleted expired sessions: one event per chunk, listing the users' sessions in it. */
    EXPIRE("expire");

    private final String label;

    EventType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    static EventType ofLabel(String label) {
        return Arrays.stream(values()).filter(type -> type.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown event type " + label));
    }
}
