package dev.cloakroom.session;

/** How many sessions a revocation ended. */
public record Revoked(long revoked) {
}
