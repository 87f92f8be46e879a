package dev.cloakroom.user;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cloakroom.Database;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The job that deletes failure counters whose window has ended, against the real database. */
@QuarkusTest
class EndedLoginFailuresTest {

    @Inject
    EndedLoginFailures job;

    @Inject
    UserConfig users;

    @Inject
    Database database;

    @Test
    void aRunForgetsLoginFailureWindowsThatHaveEnded() {
        Instant now = Instant.now();
        Duration window = users.failureWindow();
        String ended = "ended-" + System.nanoTime();
        String current = "current-" + System.nanoTime();
        database.update("INSERT INTO login_failures (login_key, failures, window_started_at) VALUES (?, 3, ?)",
                ended, now.minus(window).minusSeconds(60));
        database.update("INSERT INTO login_failures (login_key, failures, window_started_at) VALUES (?, 3, ?)",
                current, now.minus(window).plusSeconds(60));

        job.forget(Instant.now());

        assertEquals(0L, database.number("SELECT COUNT(*) FROM login_failures WHERE login_key = ?", ended));
        assertEquals(3L, database.number("SELECT failures FROM login_failures WHERE login_key = ?", current));
    }

    @Test
    void aRunForgetsAtMostABoundedNumberOfLoginFailureWindows() {
        database.update("DELETE FROM login_failures");
        Instant old = Instant.now().minus(users.failureWindow()).minusSeconds(3600);
        int count = EndedLoginFailures.PER_RUN + 7;
        database.update("INSERT INTO login_failures (login_key, failures, window_started_at)"
                + " SELECT CONCAT('bulk-', seq), 1, ? FROM seq_1_to_" + count, old);

        assertEquals(EndedLoginFailures.PER_RUN, job.forget(Instant.now()));
        assertEquals(7L, database.number("SELECT COUNT(*) FROM login_failures"));
        assertEquals(7, job.forget(Instant.now()));
        assertEquals(0L, database.number("SELECT COUNT(*) FROM login_failures"));
    }
}
