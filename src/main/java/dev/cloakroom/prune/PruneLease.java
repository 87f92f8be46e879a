package dev.cloakroom.prune;

import dev.cloakroom.db.RowLease;
import io.agroal.api.AgroalDataSource;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The lease that lets a single instance prune at a time: the {@link RowLease} named
 * {@value #NAME}.
 *
 * <p>The lease saves work; it is not what keeps pruning correct. Every delete re-checks the
 * expiry, so two pruners that overlapped (one stalled past its lease) would only do some work
 * twice.
 */
@ApplicationScoped
public class PruneLease {

    static final String NAME = "prune";

    @Inject
    AgroalDataSource dataSource;

    private RowLease lease;

    @PostConstruct
    void init() {
        lease = new RowLease(dataSource, NAME);
    }

    /** Takes the lease for {@code length} when it has run out (or is already this holder's). */
    public boolean tryAcquire(String holder, Duration length) throws SQLException {
        return lease.tryAcquire(holder, length);
    }

    /** Extends the lease this holder has; false when it has been taken by someone else. */
    public boolean renew(String holder, Duration length) throws SQLException {
        return lease.renew(holder, length);
    }

    /** Who holds the lease and until when (database time, UTC); empty when it is free. */
    public record Holder(String name, Instant until) {
    }

    public Optional<Holder> currentHolder() throws SQLException {
        return lease.currentHolder().map(holder -> new Holder(holder.name(), holder.until()));
    }

    /** Gives the lease back, if this holder still has it. */
    public void release(String holder) throws SQLException {
        lease.release(holder);
    }
}
