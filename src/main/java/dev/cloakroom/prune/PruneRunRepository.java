package dev.cloakroom.prune;

import dev.cloakroom.db.Utc;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/** The {@code prune_runs} table: one report per run, newest first, bounded by the pruner. */
@ApplicationScoped
public class PruneRunRepository {

    /** Rows one trim deletes at most; the table only ever grows by one row per run. */
    static final int TRIM_BATCH = 1_000;

    @Inject
    AgroalDataSource dataSource;

    /** Stores a finished run; returns it as stored: with its id, its times to whole seconds. */
    public PruneRun record(PruneRun run) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO prune_runs (instance, started_at, finished_at, deleted, chunks, stopped_because)"
                                + " VALUES (?, ?, ?, ?, ?, ?)",
                        Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, run.instance());
            insert.setObject(2, Utc.toColumn(run.startedAt()));
            insert.setObject(3, Utc.toColumn(run.finishedAt()));
            insert.setLong(4, run.deleted());
            insert.setInt(5, run.chunks());
            insert.setString(6, run.stoppedBecause().label());
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return new PruneRun(keys.getLong(1), run.instance(), wholeSeconds(run.startedAt()),
                        wholeSeconds(run.finishedAt()), run.deleted(), run.chunks(), run.stoppedBecause());
            }
        }
    }

    private static Instant wholeSeconds(Instant instant) {
        return Utc.fromColumn(Utc.toColumn(instant));
    }

    /** The most recent runs, newest first. */
    public List<PruneRun> findRecent(int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT id, instance, started_at, finished_at, deleted, chunks, stopped_because"
                                + " FROM prune_runs ORDER BY started_at DESC, id DESC LIMIT ?")) {
            select.setInt(1, limit);
            List<PruneRun> found = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(new PruneRun(rows.getLong(1), rows.getString(2),
                            Utc.fromColumn(rows.getObject(3, LocalDateTime.class)),
                            Utc.fromColumn(rows.getObject(4, LocalDateTime.class)),
                            rows.getLong(5), rows.getInt(6), StoppedBecause.ofLabel(rows.getString(7))));
                }
            }
            return found;
        }
    }

    /** Deletes all but the {@code keep} newest runs, at most {@link #TRIM_BATCH} rows; returns how many. */
    public int trimTo(int keep) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            LocalDateTime startedAt;
            long id;
            try (PreparedStatement oldestKept = connection.prepareStatement(
                    "SELECT started_at, id FROM prune_runs ORDER BY started_at DESC, id DESC LIMIT 1 OFFSET ?")) {
                oldestKept.setInt(1, Math.max(0, keep));
                try (ResultSet row = oldestKept.executeQuery()) {
                    if (!row.next()) {
                        return 0;
                    }
                    startedAt = row.getObject(1, LocalDateTime.class);
                    id = row.getLong(2);
                }
            }
            // the row found is the newest one to go: it and everything older
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM prune_runs WHERE started_at < ? OR (started_at = ? AND id <= ?)"
                            + " ORDER BY started_at, id LIMIT " + TRIM_BATCH)) {
                delete.setObject(1, startedAt);
                delete.setObject(2, startedAt);
                delete.setLong(3, id);
                return delete.executeUpdate();
            }
        }
    }
}
