package dev.cloakroom.prune;

import dev.cloakroom.db.DatabaseException;
import dev.cloakroom.prune.PruneLease.Holder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** What operators can ask of the pruner. A database failure is a {@link DatabaseException}. */
@ApplicationScoped
public class PruneService {

    @Inject
    ExpiredSessionPruner pruner;

    @Inject
    PruneRunRepository runs;

    @Inject
    PruneLease lease;

    /**
     * Runs one prune now and answers its report when it ends (after at most {@code
     * cloakroom.prune.max-run-time}); empty when a run is in progress here or on another instance.
     */
    public Optional<PruneRun> runNow() {
        try {
            return pruner.runNow();
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    /** Who holds the lease now and until when; empty when no run holds it. */
    public Optional<Holder> leaseHolder() {
        try {
            return lease.currentHolder();
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    /** The most recent run reports, newest first. */
    public List<PruneRun> recentRuns(int limit) {
        try {
            return runs.findRecent(limit);
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }
}
