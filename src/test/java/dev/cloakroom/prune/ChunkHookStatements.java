package dev.cloakroom.prune;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The pruner's statements, with a hook that runs in every chunk after its candidates are read
 * and before they are deleted: where tests make races and failures happen. It replaces the
 * production bean in every test of the suite; with no hook set it adds nothing.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class ChunkHookStatements extends ExpiredSessionStatements {

    /** Runs with the candidates a chunk is about to delete. */
    @FunctionalInterface
    interface BetweenReadAndDelete {
        void accept(Candidates candidates) throws SQLException;
    }

    private static final BetweenReadAndDelete NOTHING = candidates -> {
    };

    private volatile BetweenReadAndDelete hook = NOTHING;

    /** Sets what runs between every chunk's read and its delete; null for nothing. */
    void betweenReadAndDelete(BetweenReadAndDelete hook) {
        this.hook = hook == null ? NOTHING : hook;
    }

    @Override
    PruneConnection open() throws SQLException {
        return new PruneConnection(dataSource.getConnection(), events) {
            @Override
            int delete(Candidates candidates, Instant cutoff) throws SQLException {
                hook.accept(candidates);
                return super.delete(candidates, cutoff);
            }
        };
    }

    /** The lowest id a chunk is about to delete. */
    static long firstId(Candidates candidates) {
        return candidates.range().map(KeyWindow::firstId)
                .orElseGet(() -> candidates.listed().orElseThrow().get(0).id());
    }

    /** Whether a session with this id is among a chunk's candidates (inside its id range, for a range chunk). */
    static boolean covers(Candidates candidates, long id) {
        return candidates.range()
                .map(window -> id >= window.firstId() && id <= window.lastId())
                .orElseGet(() -> candidates.listed().orElseThrow().stream().anyMatch(key -> key.id() == id));
    }
}
