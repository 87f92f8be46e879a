package dev.cloakroom.admin;

import dev.cloakroom.prune.PruneRun;
import dev.cloakroom.prune.PruneService;
import dev.cloakroom.session.Revoked;
import dev.cloakroom.session.CurrentSession;
import dev.cloakroom.session.Session;
import dev.cloakroom.session.SessionAdministration;
import dev.cloakroom.session.SessionStats;
import dev.cloakroom.web.BadRequestProblem;
import dev.cloakroom.user.User;
import io.quarkus.logging.Log;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operator calls (role {@code admin}): session statistics, pruning now, run reports, force logout. */
@Path("/admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operators", description = "Calls for administrators: a session of a user with role admin.")
@APIResponse(responseCode = "401", description = "No live session, or a guest's")
@APIResponse(responseCode = "403", description = "The session's user is not an administrator")
@RolesAllowed(User.ROLE_ADMIN)
public class AdminResource {

    static final int DEFAULT_RUNS = 50;
    static final int MAX_RUNS = 200;

    public record RunReport(Long id, String instance, Instant startedAt, Instant finishedAt, long deleted,
            int chunks,
            @Schema(enumeration = { "done", "time-budget", "backpressure", "shutdown", "error" }) String stoppedBecause) {

        static RunReport of(PruneRun run) {
            return new RunReport(run.id(), run.instance(), run.startedAt(), run.finishedAt(), run.deleted(),
                    run.chunks(), run.stoppedBecause().label());
        }
    }

    @Inject
    CurrentSession current;

    @Inject
    SessionAdministration sessions;

    @Inject
    PruneService pruning;

    @GET
    @Path("sessions/stats")
    @Operation(operationId = "getSessionStats", summary = "Session counts", description = "total = live + expired. Expired sessions are those"
            + " not yet pruned; oldestExpiredAgeSeconds is 0 when there are none. Counts every session's index"
            + " entry: meant for operators, not for frequent polling (the metrics are cheap).")
    @APIResponse(responseCode = "200", description = "The counts",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SessionStats.class)))
    public SessionStats stats() {
        return sessions.stats();
    }

    /** Runs one prune and answers when it ends: up to {@code cloakroom.prune.max-run-time}. */
    @POST
    @Path("prune")
    @Operation(operationId = "pruneNow", summary = "Prune now", description = "Runs one prune and answers its report when it ends,"
            + " after at most cloakroom.prune.max-run-time (and the chunk in progress then).")
    @APIResponse(responseCode = "200", description = "The report of the run",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunReport.class)))
    @APIResponse(responseCode = "409", description = "A prune run is in progress on this or another instance")
    public RunReport prune() {
        Session admin = current.get();
        Log.infof("Administrator '%s' started a prune run", admin.user.loginName);
        Optional<PruneRun> run = pruning.runNow();
        if (run.isEmpty()) {
            // read after the fact: the run may just have ended, then there is no holder to name
            String holder = pruning.leaseHolder()
                    .map(h -> " The lease is held by " + h.name()
                            + " until " + h.until().truncatedTo(ChronoUnit.SECONDS) + ".")
                    .orElse("");
            throw new PruneAlreadyRunningException("A prune run is already in progress on this or another instance."
                    + holder + " Try again when it has ended.");
        }
        return RunReport.of(run.get());
    }

    @GET
    @Path("prune/runs")
    @Operation(operationId = "listPruneRuns", summary = "Recent prune runs", description = "Reports of the most recent runs, newest first"
            + " (by start). The pruner keeps cloakroom.prune.keep-runs of them.")
    @APIResponse(responseCode = "200", description = "The reports",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = RunReport.class)))
    @APIResponse(responseCode = "400", description = "limit is not a whole number from 1 to 200")
    public List<RunReport> recentRuns(
            @Parameter(description = "How many reports, 1 to 200; 50 when absent",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200", defaultValue = "50"))
            @QueryParam("limit") String limit) {
        return pruning.recentRuns(parseLimit(limit)).stream().map(RunReport::of).toList();
    }

    @DELETE
    @Path("users/{loginName}/sessions")
    @Operation(operationId = "logOutUserEverywhere", summary = "Log a user out everywhere", description = "Ends every live session of the user"
            + " (login name case-insensitive); revoked is how many were live.")
    @APIResponse(responseCode = "200", description = "How many sessions ended",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Revoked.class)))
    @APIResponse(responseCode = "404", description = "No user has this login name")
    public Revoked revokeAllOf(@PathParam("loginName") String loginName) {
        Session admin = current.get();
        Revoked revoked = sessions.revokeAllOf(loginName)
                .orElseThrow(() -> new UnknownUserException("No user has the login name '" + loginName + "'."));
        // a name that found a user lower-cases to a valid login name: it cannot forge log lines
        Log.infof("Administrator '%s' ended %d live sessions of '%s'", admin.user.loginName, revoked.revoked(),
                loginName);
        return revoked;
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
