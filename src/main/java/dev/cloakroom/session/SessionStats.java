package dev.cloakroom.session;

/**
 * Counts for operators: {@code total = live + expired}, where expired sessions are those not
 * pruned yet; {@code oldestExpiredAgeSeconds} is 0 when there are none.
 */
public record SessionStats(long total, long live, long expired, long oldestExpiredAgeSeconds) {
}
