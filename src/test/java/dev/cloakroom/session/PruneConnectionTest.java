package dev.cloakroom.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cloakroom.Utc;
import dev.cloakroom.session.SessionRepository.PruneConnection;
import dev.cloakroom.testsupport.SessionRows;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The pruner's own connection reads InnoDB's history length itself, or does without it. */
@QuarkusTest
class PruneConnectionTest {

    private static final String LIMITED_USER = "cloakroom_no_process";
    private static final String LIMITED_PASSWORD = "no-process-privilege";

    @Inject
    SessionRepository sessions;

    @Inject
    SessionRows rows;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void anAccountWithTheProcessPrivilegeReadsTheHistoryLength() throws SQLException {
        try (PruneConnection db = sessions.openPruneConnection()) {
            OptionalLong length = db.historyLength();

            assertTrue(length.isPresent(), "the test server's root account can read INNODB_METRICS");
            assertTrue(length.getAsLong() >= 0);
        }
    }

    @Test
    void withoutTheProcessPrivilegeTheLengthIsLeftOutAndTheConnectionStillPrunes() throws SQLException {
        List<Long> expired = rows.insertExpired(3);
        LocalDateTime cutoff = Utc.toColumn(Instant.now());

        try (PruneConnection db = new PruneConnection(connectWithoutProcessPrivilege())) {
            assertEquals(OptionalLong.empty(), db.historyLength());
            assertEquals(3, db.deleteExpiredChunk(expired, cutoff));
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
            }
        }
        return DriverManager.getConnection(url, LIMITED_USER, LIMITED_PASSWORD);
    }
}
