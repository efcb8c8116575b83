package org.astronrpa.openapi.adapters.http;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.List;
import org.astronrpa.openapi.application.auth.Forbidden;
import org.astronrpa.openapi.application.auth.Unauthenticated;
import org.astronrpa.openapi.domain.apikey.ApiKeyNotFound;
import org.astronrpa.openapi.domain.apikey.ApiKeyRejected;
import org.astronrpa.openapi.domain.execution.ExecutionAlreadyFinished;
import org.astronrpa.openapi.domain.execution.ExecutionNotFound;
import org.astronrpa.openapi.domain.execution.WorkflowInactive;
import org.astronrpa.openapi.domain.shared.ConcurrentUpdate;
import org.astronrpa.openapi.domain.shared.DomainException;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.workflow.ProjectIdTaken;
import org.astronrpa.openapi.domain.workflow.WorkflowNotFound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where failures become HTTP answers in the error envelope. */
final class ErrorMapping {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);
    /** Set on compatibility routes: they answer business errors with HTTP 200, as the original service did. */
    static final String COMPAT_ATTRIBUTE = "rpa.compat";

    private ErrorMapping() {
    }

    static void handle(Exception failure, Context ctx) {
        ApiProblem problem = toProblem(failure, ctx);
        int status = problem.status();
        if (status == 401) {
            ctx.header("WWW-Authenticate", failure instanceof ApiKeyRejected
                    ? "Bearer realm=\"rpa-openapi\", error=\"invalid_token\""
                    : "Bearer realm=\"rpa-openapi\"");
        }
        if (Boolean.TRUE.equals(ctx.attribute(COMPAT_ATTRIBUTE)) && status >= 400 && status < 500 && status != 401
                && status != 429) {
            status = 200;
        }
        ctx.status(status).json(Envelope.Failure.of(problem, RequestIds.of(ctx)));
    }

    static ApiProblem toProblem(Exception failure, Context ctx) {
        return switch (failure) {
            case ApiProblem problem -> problem;
            case InvalidInput invalid -> new ApiProblem(422, "validation", invalid.getMessage(), invalid.errors());
            case Unauthenticated e -> new ApiProblem(401, "unauthorized", e.getMessage(), List.of());
            case ApiKeyRejected e -> {
                LOG.info("API key rejected: {}", e.reason());
                yield new ApiProblem(401, "unauthorized", e.getMessage(), List.of());
            }
            case Forbidden e -> new ApiProblem(403, "forbidden", e.getMessage(), List.of());
            case WorkflowNotFound e -> new ApiProblem(404, "not_found", e.getMessage(), List.of());
            case ApiKeyNotFound e -> new ApiProblem(404, "not_found", e.getMessage(), List.of());
            case ProjectIdTaken e -> new ApiProblem(409, "conflict", e.getMessage(), List.of());
            case ExecutionNotFound e -> new ApiProblem(404, "not_found", e.getMessage(), List.of());
            case ExecutionAlreadyFinished e -> new ApiProblem(409, "conflict", e.getMessage(), List.of());
            case WorkflowInactive e -> new ApiProblem(409, "conflict", e.getMessage(), List.of());
            case org.astronrpa.openapi.domain.execution.IdempotencyConflict e ->
                    new ApiProblem(409, "conflict", e.getMessage(), List.of());
            case ConcurrentUpdate e -> new ApiProblem(409, "conflict", e.getMessage(), List.of());
            case org.astronrpa.openapi.domain.ratelimit.RateLimited e -> new ApiProblem(429, "rate_limited", e.getMessage(), List.of());
            case DomainException e -> {
                LOG.error("domain exception without an HTTP mapping", e);
                yield new ApiProblem(500, "internal", "internal error; quote request id " + RequestIds.of(ctx), List.of());
            }
            case HttpResponseException e -> fromJavalin(e, ctx);
            default -> {
                if (databaseUnreachable(failure)) {
                    LOG.warn("request failed: the database does not answer ({})", rootCause(failure).toString());
                    yield new ApiProblem(503, "unavailable",
                            "the database does not answer; retry shortly (request id " + RequestIds.of(ctx) + ")", List.of());
                }
                LOG.error("request failed", failure);
                yield new ApiProblem(500, "internal", "internal error; quote request id " + RequestIds.of(ctx), List.of());
            }
        };
    }

    /**
     * Whether the failure comes from a database connection that could not be had or was lost (pool timeout, server
     * down or restarting): a passing condition, answered 503 so that clients retry, not a bug (500).
     */
    static boolean databaseUnreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof java.sql.SQLTransientConnectionException
                    || cause instanceof java.sql.SQLNonTransientConnectionException
                    || cause instanceof java.sql.SQLRecoverableException
                    || (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
                            && sql.getSQLState().startsWith("08"))) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static ApiProblem fromJavalin(HttpResponseException e, Context ctx) {
        return switch (e.getStatus()) {
            case 404 -> new ApiProblem(404, "not_found", "no route for " + ctx.method() + " " + ctx.path(), List.of());
            case 405 -> new ApiProblem(405, "bad_request", "method " + ctx.method() + " is not allowed on " + ctx.path(), List.of());
            case 413 -> ApiProblem.tooLarge();
            default -> new ApiProblem(e.getStatus(), e.getStatus() >= 500 ? "internal" : "bad_request", e.getMessage(), List.of());
        };
    }
}
