package dev.cloakroom.admin;

import dev.cloakroom.events.EventDocument;
import dev.cloakroom.events.EventFeed;
import dev.cloakroom.user.User;
import dev.cloakroom.web.BadRequestProblem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The session lifecycle events, pulled by operators' systems with a cursor (role {@code admin}). */
@Path("/admin/events")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operators", description = "Calls for administrators: a session of a user with role admin.")
@APIResponse(responseCode = "401", description = "No live session, or a guest's")
@APIResponse(responseCode = "403", description = "The session's user is not an administrator")
@RolesAllowed(User.ROLE_ADMIN)
public class AdminEventsResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    /** Cursors are whole numbers below 2^63: at most 19 digits. */
    private static final String CURSOR_PATTERN = "^(0|[1-9][0-9]{0,18})$";

    public record EventPage(
            @Schema(description = "Up to limit events, oldest first") List<EventDocument> events,
            @Schema(description = "The cursor to ask with next (the last event's, or the one asked with when there"
                    + " were none)") String next) {
    }

    @Inject
    EventFeed feed;

    @GET
    @Operation(operationId = "listSessionEvents", summary = "Session lifecycle events after a cursor",
            description = "Logins, logouts, revocations, password changes, operators' logouts, evictions by the"
                    + " per-user limit, and expiry (one event per pruner chunk), in the order they are delivered."
                    + " Start with after=0, then ask with the next cursor answered. A cursor never skips an event,"
                    + " also one whose transaction committed after a later one had been read; events are kept for"
                    + " cloakroom.events.retention.")
    @APIResponse(responseCode = "200", description = "A page of events",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EventPage.class)))
    @APIResponse(responseCode = "400", description = "after is not a cursor of this service, or limit is not a whole"
            + " number from 1 to 1000")
    public EventPage list(
            @Parameter(description = "The cursor to continue after: 0 for the oldest event kept",
                    schema = @Schema(type = SchemaType.STRING, pattern = CURSOR_PATTERN, defaultValue = "0"))
            @QueryParam("after") String after,
            @Parameter(description = "How many events, 1 to 1000; 100 when absent",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000", defaultValue = "100"))
            @QueryParam("limit") String limit) {
        EventFeed.Page page = feed.after(parseCursor(after), parseLimit(limit));
        return new EventPage(page.events().stream().map(EventDocument::of).toList(), Long.toString(page.next()));
    }

    static long parseCursor(String after) {
        if (after == null || after.isEmpty()) {
            return 0;
        }
        if (after.matches(CURSOR_PATTERN)) {
            try {
                return Long.parseLong(after);
            } catch (NumberFormatException e) {
                // over 2^63 - 1: answered below
            }
        }
        throw new BadRequestProblem("after must be a cursor this service answered (a whole number), or 0.");
    }

    static int parseLimit(String limit) {
        if (limit == null || limit.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        if (limit.matches("[0-9]{1,4}")) {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        }
        throw new BadRequestProblem("limit must be a whole number from 1 to " + MAX_LIMIT + ".");
    }
}
