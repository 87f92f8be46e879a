package dev.cloakroom.prune;

import java.util.List;
import java.util.Optional;

/**
 * Where a run reads its next chunk: along the {@code expires_at} index, or along the primary key.
 *
 * <p>The {@code expires_at} index finds exactly the expired rows, however few and scattered they
 * are, so every run starts there, and a run that finds fewer than a chunk's worth is done. But
 * sessions that expire one after the other were opened far apart: 1,000 consecutive entries of
 * that index point into hundreds of different table pages, and a big backlog is read page by
 * page many times over; reading the same rows in key order visits each page once
 * ({@code bench/chunk-order} compares the two).
 *
 * <p>So after a full chunk from the index, the walk reads the table itself by primary key from
 * that chunk's lowest id, a chunk's worth of rows at a time, and deletes the expired ones among
 * them. It stays there while at least half of every window has expired; a sparser window (live
 * sessions between the expired ones) or the end of the table sends it back to the index, where it
 * carries on after the last entry it read. It tries the key order again after
 * {@link #KEY_WALK_RETRY_AFTER} more full chunks from the index, beyond every row it has read by
 * key already. Rows the key walk deletes ahead of the index walk are simply not found there.
 */
final class Walk {

    /** Full chunks along the index after a sparse key window before the next key window. */
    static final int KEY_WALK_RETRY_AFTER = 8;

    private Optional<ExpiryKey> afterExpiry = Optional.empty();
    private boolean byKey;
    private long afterId;
    private int indexChunksBeforeKeyWalk;

    /** Whether the next chunk is read by primary key (else along the {@code expires_at} index). */
    boolean byKey() {
        return byKey;
    }

    /** The key walk continues after this id. */
    long afterId() {
        return afterId;
    }

    /** The index walk continues after this entry (from the start when empty). */
    Optional<ExpiryKey> afterExpiry() {
        return afterExpiry;
    }

    /**
     * After a chunk of {@code candidates} read along the index when {@code size} were asked for:
     * true when the index has no more expired rows, which ends the run.
     */
    boolean indexChunkRead(List<ExpiryKey> candidates, int size) {
        if (candidates.isEmpty()) {
            return true;
        }
        afterExpiry = Optional.of(candidates.get(candidates.size() - 1));
        if (candidates.size() < size) {
            return true;
        }
        if (indexChunksBeforeKeyWalk > 0) {
            indexChunksBeforeKeyWalk--;
        } else {
            long lowest = candidates.stream().mapToLong(ExpiryKey::id).min().getAsLong();
            afterId = Math.max(afterId, lowest - 1);
            byKey = true;
        }
        return false;
    }

    /** After a window of {@code size} rows asked for, read by primary key. */
    void keyWindowRead(KeyWindow window, int size) {
        afterId = Math.max(afterId, window.lastId());
        boolean dense = window.rows() == size && 2 * window.expired() >= window.rows();
        if (!dense) {
            byKey = false;
            indexChunksBeforeKeyWalk = KEY_WALK_RETRY_AFTER;
        }
    }
}
