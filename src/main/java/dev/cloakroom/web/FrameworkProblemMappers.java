package dev.cloakroom.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.cloakroom.db.BrokenConnections;
import dev.cloakroom.db.DatabaseException;
import io.quarkus.arc.ArcUndeclaredThrowableException;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransactionException;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.HeuristicMixedException;
import jakarta.transaction.HeuristicRollbackException;
import jakarta.transaction.RollbackException;
import jakarta.transaction.SystemException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns the failures that come from the framework and the database into problem documents.
 * Each mapper names one kind of failure; nothing here maps {@code Exception} itself, so an
 * unexpected bug still surfaces as a plain 500 in the logs instead of being disguised.
 */
public class FrameworkProblemMappers {

    private static final String DATABASE_UNAVAILABLE = "The session store is unavailable. Try again shortly.";

    @Inject
    BrokenConnections brokenConnections;

    @ServerExceptionMapper
    public Response mapProblem(ProblemException e) {
        return e.problem().toResponse();
    }

    /** Unknown paths, wrong methods, unsupported media types: the framework's own statuses. */
    @ServerExceptionMapper
    public Response mapWebApplication(WebApplicationException e) {
        Response original = e.getResponse();
        Response.StatusType status = original.getStatusInfo();
        Response.ResponseBuilder builder = Problem.of(status, detailFor(status.getStatusCode())).toResponseBuilder();
        if (original.getHeaderString("Allow") != null) {
            builder.header("Allow", original.getHeaderString("Allow"));
        }
        return builder.build();
    }

    @ServerExceptionMapper
    public Response mapMalformedJson(JsonProcessingException e) {
        return malformedJson();
    }

    /** Named apart: the Jackson extension has a built-in mapper for this subtype that answers without a body. */
    @ServerExceptionMapper
    public Response mapMismatchedJson(MismatchedInputException e) {
        return malformedJson();
    }

    private static Response malformedJson() {
        return Problem.of(Response.Status.BAD_REQUEST, "The request body is not valid JSON of the expected shape.")
                .toResponse();
    }

    @ServerExceptionMapper
    public Response mapInvalid(ConstraintViolationException e) {
        String detail = e.getConstraintViolations().stream()
                .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .map(FrameworkProblemMappers::describe)
                .collect(Collectors.joining("; "));
        return Problem.of(Response.Status.BAD_REQUEST, detail).toResponse();
    }

    @ServerExceptionMapper
    public Response mapPersistence(PersistenceException e) {
        return databaseUnavailable(e);
    }

    @ServerExceptionMapper
    public Response mapSql(SQLException e) {
        return databaseUnavailable(e);
    }

    @ServerExceptionMapper
    public Response mapDatabase(DatabaseException e) {
        return databaseUnavailable(e);
    }

    /**
     * A checked exception out of an interceptor. From {@code @Transactional}, that is a commit
     * the database refused (a Galera certification conflict that outlasted its retries, a
     * connection lost at commit): a database failure like any other.
     */
    @ServerExceptionMapper
    public Response mapUndeclared(ArcUndeclaredThrowableException e) {
        return fromTransactionManager(e);
    }

    @ServerExceptionMapper
    public Response mapTransactionFailure(QuarkusTransactionException e) {
        return fromTransactionManager(e);
    }

    private Response fromTransactionManager(RuntimeException e) {
        if (e.getCause() instanceof RollbackException || e.getCause() instanceof SystemException
                || e.getCause() instanceof HeuristicMixedException || e.getCause() instanceof HeuristicRollbackException) {
            return databaseUnavailable(e);
        }
        Log.error("Request failed", e);
        return Problem.of(Response.Status.INTERNAL_SERVER_ERROR, detailFor(500)).toResponse();
    }

    private Response databaseUnavailable(Exception e) {
        Log.warnf("Database failure answered with 503: %s", rootMessage(e));
        brokenConnections.afterFailure(e);
        return Problem.of(Response.Status.SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE).toResponseBuilder()
                .header("Retry-After", "5")
                .build();
    }

    /** The innermost cause; a failed commit keeps the driver's exception as a suppressed one. */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        for (int depth = 0; depth < 20; depth++) {
            if (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            } else if (root.getSuppressed().length > 0) {
                root = root.getSuppressed()[0];
            } else {
                break;
            }
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static String describe(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        int dot = path.lastIndexOf('.');
        String field = dot >= 0 ? path.substring(dot + 1) : path;
        return field + " " + violation.getMessage();
    }

    private static String detailFor(int status) {
        return switch (status) {
            case 404 -> "No such resource.";
            case 405 -> "This method is not allowed on this resource.";
            case 406 -> "This resource cannot answer in the requested media type.";
            case 415 -> "This media type is not accepted here.";
            case 400 -> "The request is malformed.";
            case 413 -> "The request body is too large.";
            default -> "The request could not be served.";
        };
    }
}
