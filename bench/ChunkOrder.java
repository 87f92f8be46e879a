import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * For bench/chunk-order: deletes --chunks chunks of --chunk expired sessions, found and deleted one of four
 * ways, and prints one key=value line about it. Run with the source launcher and Connector/J on
 * the class path; the database server must run on this machine (its CPU time is read from /proc).
 *
 * <pre>java -cp mysql-connector-j.jar bench/ChunkOrder.java --url jdbc:mysql://... --order index|key|range|blind</pre>
 *
 * index: the next chunk is the next entries of the expires_at index (after the last one read),
 * as Cloakroom's pruner reads a small backlog. key: the next chunk is the expired rows among the
 * next rows by primary key, as it reads a dense one. Both then delete by id,
 * DELETE FROM sessions WHERE id IN (...) AND expires_at < ?, in autocommit, READ COMMITTED.
 * range: read as key, but a window every row of which had expired goes by one range,
 * DELETE FROM sessions WHERE id >= ? AND id <= ? AND expires_at < ? ORDER BY id LIMIT ?,
 * as the pruner deletes it since the range delete was added. blind: as range, but once a window
 * of a full chunk had expired entirely, the next chunk-wide ranges of ids are deleted without a
 * read (DELETE FROM sessions WHERE id > ? AND id <= ? AND expires_at < ?) while at least half of
 * each went: a measured alternative the pruner does not use (bench/RESULTS.md).
 */
public class ChunkOrder {

    public static void main(String[] args) throws Exception {
        String url = null;
        String user = "root";
        String password = "";
        String order = null;
        int chunk = 1000;
        int chunks = 300;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--url" -> url = args[i + 1];
                case "--user" -> user = args[i + 1];
                case "--password" -> password = args[i + 1];
                case "--order" -> order = args[i + 1];
                case "--chunk" -> chunk = Integer.parseInt(args[i + 1]);
                case "--chunks" -> chunks = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (url == null || !List.of("index", "key", "range", "blind").contains(order)) {
            throw new IllegalArgumentException("--url and --order index|key|range|blind are needed");
        }
        long dbPid = Long.parseLong(new String(new ProcessBuilder("pidof", "-s", "mariadbd", "mysqld")
                .start().getInputStream().readAllBytes()).trim());
        try (Connection db = DriverManager.getConnection(url, user, password)) {
            db.setAutoCommit(true);
            db.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            LocalDateTime cutoff = LocalDateTime.now(ZoneOffset.UTC);
            long readNanos = 0;
            long deleteNanos = 0;
            long deleted = 0;
            int done = 0;
            long cpuBefore = cpuTicks(dbPid);
            String afterExpiry = null;
            long afterId = 0;
            boolean blind = false;
            for (; done < chunks; done++) {
                long start = System.nanoTime();
                if (blind) {
                    // no read: the next chunk-wide range of ids, each row only if still expired
                    try (PreparedStatement delete = db.prepareStatement(
                            "DELETE FROM sessions WHERE id > ? AND id <= ? AND expires_at < ?")) {
                        delete.setLong(1, afterId);
                        delete.setLong(2, afterId + chunk);
                        delete.setObject(3, cutoff);
                        int went = delete.executeUpdate();
                        deleted += went;
                        afterId += chunk;
                        blind = 2 * went >= chunk;
                    }
                    deleteNanos += System.nanoTime() - start;
                    continue;
                }
                List<Long> ids = new ArrayList<>(chunk);
                int windowRows = 0;
                if (order.equals("index")) {
                    String sql = afterExpiry == null
                            ? "SELECT id, expires_at FROM sessions WHERE expires_at < ? ORDER BY expires_at, id LIMIT ?"
                            : "SELECT id, expires_at FROM sessions WHERE expires_at < ? AND expires_at >= ?"
                                    + " AND (expires_at > ? OR id > ?) ORDER BY expires_at, id LIMIT ?";
                    try (PreparedStatement select = db.prepareStatement(sql)) {
                        int i = 1;
                        select.setObject(i++, cutoff);
                        if (afterExpiry != null) {
                            select.setString(i++, afterExpiry);
                            select.setString(i++, afterExpiry);
                            select.setLong(i++, afterId);
                        }
                        select.setInt(i, chunk);
                        try (ResultSet rows = select.executeQuery()) {
                            while (rows.next()) {
                                ids.add(rows.getLong(1));
                                afterId = rows.getLong(1);
                                afterExpiry = rows.getString(2);
                            }
                        }
                    }
                } else {
                    try (PreparedStatement select = db.prepareStatement(
                            "SELECT id, expires_at < ? FROM sessions WHERE id > ? ORDER BY id LIMIT ?")) {
                        select.setObject(1, cutoff);
                        select.setLong(2, afterId);
                        select.setInt(3, chunk);
                        try (ResultSet rows = select.executeQuery()) {
                            while (rows.next()) {
                                windowRows++;
                                afterId = rows.getLong(1);
                                if (rows.getBoolean(2)) {
                                    ids.add(afterId);
                                }
                            }
                        }
                    }
                }
                long read = System.nanoTime();
                if (ids.isEmpty()) {
                    break;
                }
                if ((order.equals("range") || order.equals("blind")) && ids.size() == windowRows) {
                    blind = order.equals("blind") && windowRows == chunk;
                    try (PreparedStatement delete = db.prepareStatement(
                            "DELETE FROM sessions WHERE id >= ? AND id <= ? AND expires_at < ? ORDER BY id LIMIT ?")) {
                        delete.setLong(1, ids.get(0));
                        delete.setLong(2, afterId);
                        delete.setObject(3, cutoff);
                        delete.setInt(4, ids.size());
                        deleted += delete.executeUpdate();
                    }
                } else {
                    StringBuilder sql = new StringBuilder("DELETE FROM sessions WHERE id IN (?");
                    sql.append(",?".repeat(ids.size() - 1)).append(") AND expires_at < ?");
                    try (PreparedStatement delete = db.prepareStatement(sql.toString())) {
                        int i = 1;
                        for (long id : ids) {
                            delete.setLong(i++, id);
                        }
                        delete.setObject(i, cutoff);
                        deleted += delete.executeUpdate();
                    }
                }
                readNanos += read - start;
                deleteNanos += System.nanoTime() - read;
            }
            long cpuTicks = cpuTicks(dbPid) - cpuBefore;
            System.out.printf("ORDER order=%s chunks=%d deleted=%d read_ms_per_chunk=%.2f delete_ms_per_chunk=%.2f"
                    + " rows_per_s=%.0f db_cpu_us_per_row=%.1f%n",
                    order, done, deleted, readNanos / 1e6 / done, deleteNanos / 1e6 / done,
                    deleted / ((readNanos + deleteNanos) / 1e9), cpuTicks * 10_000.0 / deleted);
        }
    }

    /** User + system clock ticks (1/100 s) of a process. */
    private static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
