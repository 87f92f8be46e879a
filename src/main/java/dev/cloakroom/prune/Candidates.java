package dev.cloakroom.prune;

import java.util.List;
import java.util.Optional;

/**
 * What one chunk is about to delete: sessions listed by id (read along the index, or a key
 * window that held live sessions too), or a key window all of whose rows had expired, known only
 * by its id range and row count (the server summed it up; no id crossed the wire).
 */
final class Candidates {

    private final List<ExpiryKey> listed;
    private final KeyWindow range;

    private Candidates(List<ExpiryKey> listed, KeyWindow range) {
        this.listed = listed;
        this.range = range;
    }

    static Candidates listed(List<ExpiryKey> keys) {
        return new Candidates(keys, null);
    }

    /** A window whose rows had all expired, to go by one range delete. */
    static Candidates range(KeyWindow window) {
        if (!window.allExpired()) {
            throw new IllegalArgumentException("a range chunk needs a window whose rows all expired: " + window);
        }
        return new Candidates(null, window);
    }

    /** How many sessions the chunk is about to delete at most. */
    int count() {
        return range != null ? range.rows() : listed.size();
    }

    boolean isEmpty() {
        return count() == 0;
    }

    /** The window, when the chunk goes by id range. */
    Optional<KeyWindow> range() {
        return Optional.ofNullable(range);
    }

    /** The sessions, when the chunk goes by id: in the order read. */
    Optional<List<ExpiryKey>> listed() {
        return Optional.ofNullable(listed);
    }

    @Override
    public String toString() {
        return range != null
                ? "ids " + range.firstId() + ".." + range.lastId() + " (" + range.rows() + " rows)"
                : listed.size() + " listed";
    }
}
