package dev.cloakroom.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PruneRunRepositoryTest {

    @Inject
    PruneRunRepository runs;

    private PruneRun recordRun(String instance, Instant startedAt) throws SQLException {
        return runs.record(new PruneRun(null, instance, startedAt, startedAt.plusSeconds(1), 7, 1,
                StoppedBecause.DONE));
    }

    @Test
    void runsComeBackNewestFirst() throws SQLException {
        String instance = "order-test-" + UUID.randomUUID();
        Instant base = Instant.now().minusSeconds(3600);
        PruneRun older = recordRun(instance, base);
        PruneRun newer = recordRun(instance, base.plusSeconds(60));

        List<PruneRun> recent = runs.findRecent(200).stream().filter(run -> run.instance().equals(instance)).toList();

        assertEquals(List.of(newer, older), recent);
    }

    @Test
    void trimmingKeepsOnlyTheNewestRuns() throws SQLException {
        Instant base = Instant.parse("2000-01-01T00:00:00Z");
        for (int i = 0; i < 5; i++) {
            recordRun("trim-test", base.plusSeconds(i));
        }
        List<PruneRun> newestThree = runs.findRecent(3);

        runs.trimTo(3);

        assertEquals(newestThree, runs.findRecent(100));
    }
}
