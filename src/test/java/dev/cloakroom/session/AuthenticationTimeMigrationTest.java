package dev.cloakroom.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The migration that adds authenticated_at, run by Flyway on a database of its own holding
 * sessions from before it: a live user session counts from its creation, a guest session and
 * an expired row get nothing.
 */
class AuthenticationTimeMigrationTest {

    private static final String HOST = System.getenv().getOrDefault("CLOAKROOM_TEST_DB_HOST", "127.0.0.1");
    private static final String DATABASE = System.getenv().getOrDefault("CLOAKROOM_TEST_DB", "cloakroom_test")
            + "_migration";
    private static final String SERVER = "jdbc:mysql://" + HOST + ":3306/";

    private static Flyway flyway(String target) {
        return Flyway.configure().dataSource(SERVER + DATABASE, "root", "")
                .locations("classpath:db/migration").target(target).load();
    }

    @Test
    void liveUserSessionsFromBeforeTheMigrationCountAsAuthenticatedWhenTheyWereCreated() throws SQLException {
        try (Connection server = DriverManager.getConnection(SERVER, "root", "");
                Statement statement = server.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + DATABASE);
            statement.execute("CREATE DATABASE " + DATABASE);
        }
        flyway("5").migrate(); // the schema this feature was built on
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).withNano(0);
        LocalDateTime created = now.minusHours(2);
        try (Connection connection = DriverManager.getConnection(SERVER + DATABASE, "root", "");
                Statement statement = connection.createStatement()) {
            insert(statement, 1, "17", created, now.plusMinutes(20));
            insert(statement, 2, "NULL", created, now.plusMinutes(20));
            insert(statement, 3, "17", created, now.minusMinutes(5));

            flyway("latest").migrate();

            assertEquals(created, authenticatedAt(statement, 1), "a live user session");
            assertNull(authenticatedAt(statement, 2), "a guest session");
            assertNull(authenticatedAt(statement, 3), "an expired user session");
        }
    }

    private static void insert(Statement statement, long id, String userId, LocalDateTime created,
            LocalDateTime expires) throws SQLException {
        statement.executeUpdate("INSERT INTO sessions (id, public_id, token_hash, user_id, data, version, created_at,"
                + " last_seen_at, absolute_expires_at, expires_at) VALUES (" + id + ", LPAD('" + id
                + "', 22, 'x'), UNHEX(SHA2('" + id + "', 256)), " + userId + ", '{}', 1, '" + created + "', '"
                + created + "', '" + expires + "', '" + expires + "')");
    }

    private static LocalDateTime authenticatedAt(Statement statement, long id) throws SQLException {
        try (ResultSet row = statement.executeQuery("SELECT authenticated_at FROM sessions WHERE id = " + id)) {
            row.next();
            return row.getObject(1, LocalDateTime.class);
        }
    }
}
