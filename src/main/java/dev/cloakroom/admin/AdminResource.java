package dev.cloakroom.admin;

import dev.cloakroom.Utc;
import dev.cloakroom.prune.ExpiredSessionPruner;
import dev.cloakroom.prune.PruneRun;
import dev.cloakroom.prune.PruneRunRepository;
import dev.cloakroom.session.SessionRepository;
import dev.cloakroom.session.SessionRepository.SessionCounts;
import dev.cloakroom.session.SessionService;
import dev.cloakroom.web.BadRequestProblem;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Operator calls (role {@code admin}): session statistics, pruning now, run reports, force logout. */
@Path("/admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    static final int DEFAULT_RUNS = 50;
    static final int MAX_RUNS = 200;

    /** {@code expired} counts sessions no longer live; {@code oldestExpiredAgeSeconds} is 0 when there are none. */
    public record SessionStats(long total, long live, long expired, long oldestExpiredAgeSeconds) {
    }

    public record RunReport(Long id, String instance, Instant startedAt, Instant finishedAt, long deleted,
            int chunks, String stoppedBecause) {

        static RunReport of(PruneRun run) {
            return new RunReport(run.id(), run.instance(), run.startedAt(), run.finishedAt(), run.deleted(),
                    run.chunks(), run.stoppedBecause().label());
        }
    }

    public record Revoked(long revoked) {
    }

    @Inject
    AdminAccess access;

    @Inject
    SessionRepository sessions;

    @Inject
    SessionService sessionService;

    @Inject
    ExpiredSessionPruner pruner;

    @Inject
    PruneRunRepository runs;

    @GET
    @Path("sessions/stats")
    public SessionStats stats(@Context HttpHeaders headers) throws SQLException {
        access.requireAdministrator(headers);
        Instant now = Instant.now();
        SessionCounts counts = sessions.countSessions(Utc.toColumn(now));
        long oldestAge = counts.expired() == 0 ? 0
                : Math.max(0, Duration.between(Utc.fromColumn(counts.earliestExpiresAt()), now).toSeconds());
        return new SessionStats(counts.total(), counts.total() - counts.expired(), counts.expired(), oldestAge);
    }

    /** Runs one prune and answers when it ends: up to {@code cloakroom.prune.max-run-time}. */
    @POST
    @Path("prune")
    public RunReport prune(@Context HttpHeaders headers) throws SQLException {
        access.requireAdministrator(headers);
        return pruner.runNow().map(RunReport::of).orElseThrow(() -> new PruneAlreadyRunningException(
                "A prune run is already in progress on this or another instance. Try again when it has ended."));
    }

    @GET
    @Path("prune/runs")
    public List<RunReport> recentRuns(@QueryParam("limit") String limit, @Context HttpHeaders headers)
            throws SQLException {
        access.requireAdministrator(headers);
        return runs.findRecent(parseLimit(limit)).stream().map(RunReport::of).toList();
    }

    @DELETE
    @Path("users/{loginName}/sessions")
    public Revoked revokeAllOf(@PathParam("loginName") String loginName, @Context HttpHeaders headers) {
        access.requireAdministrator(headers);
        return sessionService.revokeAllOf(loginName)
                .map(Revoked::new)
                .orElseThrow(() -> new UnknownUserException("No user has the login name '" + loginName + "'."));
    }

    private static int parseLimit(String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_RUNS;
        }
        try {
            int value = Integer.parseInt(limit.trim());
            if (value >= 1 && value <= MAX_RUNS) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadRequestProblem("limit must be a whole number from 1 to " + MAX_RUNS + ".");
    }
}
