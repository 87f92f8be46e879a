package dev.cloakroom.prune;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;

import dev.cloakroom.testsupport.SessionRows;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PruneMetricsTest {

    @Inject
    ExpiredSessionPruner pruner;

    @Inject
    SessionRows rows;

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void metricsDescribeThePrunerAfterARun() throws SQLException {
        rows.insertExpired(3);
        pruner.runNow().orElseThrow();

        given().baseUri(management.toString()).when().get("metrics")
                .then().statusCode(200)
                .body(containsString("cloakroom_prune_deleted_rows_total"))
                .body(containsString("cloakroom_prune_chunk_seconds_bucket"))
                .body(containsString("cloakroom_prune_chunk_seconds_count"))
                .body(containsString("cloakroom_prune_chunk_retries_total"))
                .body(containsString("cloakroom_prune_traffic_slowed_total"))
                .body(containsString("cloakroom_prune_runs_total{stopped_because=\"done\"}"))
                .body(containsString("cloakroom_prune_runs_total{stopped_because=\"time-budget\"}"))
                // refreshed at the end of the run: a number now, no longer NaN
                .body(matchesPattern("(?s).*\\ncloakroom_sessions_expired_backlog [0-9.E]+\\n.*"))
                .body(matchesPattern("(?s).*\\ncloakroom_sessions_oldest_expired_age_seconds [0-9.E]+\\n.*"));
    }
}
