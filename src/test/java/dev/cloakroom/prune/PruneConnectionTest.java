package dev.cloakroom.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cloakroom.prune.PruneConnection.KeyWindowRows;
import dev.cloakroom.testsupport.SessionRows;
import dev.cloakroom.events.EventOutbox;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The pruner's own connection: how it reads a key window (summed up by the server, or row by row)
 * and InnoDB's history length, or does without the latter.
 */
@QuarkusTest
class PruneConnectionTest {

    private static final String LIMITED_USER = "cloakroom_no_process";
    private static final String LIMITED_PASSWORD = "no-process-privilege";

    @Inject
    ExpiredSessionStatements statements;

    @Inject
    SessionRows rows;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    EventOutbox events;

    /** Two expired sessions, a live one, two more expired: their ids in key order. */
    private List<Long> expiredLiveExpired() throws SQLException {
        List<Long> all = new ArrayList<>(rows.insertExpired(2));
        all.addAll(rows.insertLive(1));
        all.addAll(rows.insertExpired(2));
        return all;
    }

    @Test
    void theServerSumsUpAKeyWindowWithoutSendingItsRows() throws SQLException {
        List<Long> all = expiredLiveExpired();
        Instant cutoff = Instant.now();

        try (PruneConnection db = statements.open()) {
            KeyWindow window = db.summarizeByKey(cutoff, all.get(0) - 1, 4);
            KeyWindow rest = db.summarizeByKey(cutoff, all.get(3), 4);
            KeyWindow end = db.summarizeByKey(cutoff, all.get(4), 4);

            assertEquals(new KeyWindow(4, all.get(0), all.get(3), 3), window);
            assertEquals(new KeyWindow(1, all.get(4), all.get(4), 1), rest);
            assertTrue(rest.allExpired());
            assertEquals(new KeyWindow(0, all.get(4), all.get(4), 0), end, "nothing after the last row");
        }
    }

    @Test
    void aWindowWithLiveSessionsListsOnlyItsExpiredOnesAndAgreesWithTheRowByRowRead() throws SQLException {
        List<Long> all = expiredLiveExpired();
        Instant cutoff = Instant.now();

        try (PruneConnection db = statements.open()) {
            KeyWindow window = db.summarizeByKey(cutoff, all.get(0) - 1, 4);
            KeyWindowRows read = db.readByKey(cutoff, all.get(0) - 1, 4);

            List<Long> expired = List.of(all.get(0), all.get(1), all.get(3));
            assertEquals(expired, db.expiredInWindow(cutoff, window).stream().map(ExpiryKey::id).toList());
            assertEquals(window, read.window());
            assertEquals(expired, read.expired().stream().map(ExpiryKey::id).toList());
            assertEquals(new KeyWindow(0, all.get(4), all.get(4), 0), db.readByKey(cutoff, all.get(4), 4).window());
        }
    }

    @Test
    void anAccountWithTheProcessPrivilegeReadsTheHistoryLength() throws SQLException {
        try (PruneConnection db = statements.open()) {
            OptionalLong length = db.historyLength();

            assertTrue(length.isPresent(), "the test server's root account can read INNODB_METRICS");
            assertTrue(length.getAsLong() >= 0);
        }
    }

    @Test
    void withoutTheProcessPrivilegeTheLengthIsLeftOutAndTheConnectionStillPrunes() throws SQLException {
        List<Long> expired = rows.insertExpired(3);
        Instant cutoff = Instant.now();

        try (PruneConnection db = new PruneConnection(connectWithoutProcessPrivilege(), events)) {
            assertEquals(OptionalLong.empty(), db.historyLength());
            assertEquals(3, db.delete(Candidates.listed(expired.stream().map(id -> new ExpiryKey(null, id)).toList()), cutoff));
        }
        assertEquals(0, rows.countExisting(expired));
    }

    private Connection connectWithoutProcessPrivilege() throws SQLException {
        String url;
        String schema;
        try (Connection root = dataSource.getConnection(); Statement sql = root.createStatement()) {
            url = root.getMetaData().getURL();
            schema = root.getCatalog();
            for (String host : List.of("localhost", "127.0.0.1")) {
                String account = "'" + LIMITED_USER + "'@'" + host + "'";
                sql.execute("CREATE USER IF NOT EXISTS " + account + " IDENTIFIED BY '" + LIMITED_PASSWORD + "'");
                sql.execute("GRANT SELECT, DELETE ON `" + schema + "`.sessions TO " + account);
                sql.execute("GRANT INSERT ON `" + schema + "`.session_events TO " + account);
            }
        }
        return DriverManager.getConnection(url, LIMITED_USER, LIMITED_PASSWORD);
    }
}
