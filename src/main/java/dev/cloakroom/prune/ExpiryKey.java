package dev.cloakroom.prune;

import java.time.LocalDateTime;

/** A position in the {@code expires_at} index: the index walk continues after it. */
record ExpiryKey(LocalDateTime expiresAt, long id) {
}
