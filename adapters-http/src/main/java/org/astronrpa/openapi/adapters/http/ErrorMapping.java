package org.astronrpa.openapi.adapters.http;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.List;
import org.astronrpa.openapi.domain.apikey.ApiKeyRejected;
import org.astronrpa.openapi.domain.apikey.MissingScope;
import org.astronrpa.openapi.domain.integration.ContractError;
import org.astronrpa.openapi.domain.shared.Conflict;
import org.astronrpa.openapi.domain.shared.DomainException;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.NotFound;
import org.astronrpa.openapi.domain.shared.NotPermitted;
import org.astronrpa.openapi.domain.shared.Throttled;
import org.astronrpa.openapi.domain.shared.Unauthorized;
import org.astronrpa.openapi.domain.shared.Unavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where failures become HTTP answers in the error envelope. */
final class ErrorMapping {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);
    /** Set on compatibility routes: they answer business errors with HTTP 200, as the original service did. */
    static final String COMPAT_ATTRIBUTE = "rpa.compat";
    /** Set on the integration contract's routes (issue 17): refusals carry its {@code detail} beside our envelope. */
    static final String CONTRACT_ATTRIBUTE = "rpa.contract";

    private ErrorMapping() {
    }

    static void handle(Exception failure, Context ctx) {
        ApiProblem problem = withHeaders(failure, ctx);
        int status = problem.status();
        if (status == 401 || status == 403 || status == 429) {
            JsonRequest.dropUnread(ctx);   // refused before the handler read the body
        }
        if (Boolean.TRUE.equals(ctx.attribute(COMPAT_ATTRIBUTE)) && status >= 400 && status < 500 && status != 401
                && status != 429) {
            status = 200;
        }
        Envelope.ContractDetail detail = Boolean.TRUE.equals(ctx.attribute(CONTRACT_ATTRIBUTE))
                ? contractDetail(failure) : null;
        ctx.status(status).json(Envelope.Failure.of(problem, RequestIds.of(ctx), detail));
    }

    /**
     * The integration contract's code for a refusal on its routes, where it has one (its clients read
     * {@code detail.code}); null where the HTTP status is all it says (401, 403 for a scope, 429, 5xx).
     */
    private static Envelope.ContractDetail contractDetail(Exception failure) {
        return switch (failure) {
            case InvalidInput e -> new Envelope.ContractDetail("INVALID_ARGUMENTS",
                    "the request does not fit the contract: see error.fields");
            case DomainException refused -> ContractError.of(refused)
                    .map(error -> new Envelope.ContractDetail(error.code(), error.message())).orElse(null);
            default -> null;
        };
    }

    /** The problem {@code failure} is, its headers ({@code WWW-Authenticate}, {@code Retry-After}) set on the answer. */
    static ApiProblem withHeaders(Exception failure, Context ctx) {
        ApiProblem problem = toProblem(failure, ctx);
        int status = problem.status();
        if (status == 401) {
            ctx.header("WWW-Authenticate", failure instanceof ApiKeyRejected
                    ? "Bearer realm=\"rpa-openapi\", error=\"invalid_token\""
                    : "Bearer realm=\"rpa-openapi\"");
        }
        if (failure instanceof Unavailable unavailable) {
            ctx.header("Retry-After", Long.toString(Math.max(1, unavailable.retryAfter().toSeconds())));
        }
        return problem;
    }

    static ApiProblem toProblem(Exception failure, Context ctx) {
        return switch (failure) {
            case ApiProblem problem -> problem;
            case DomainException refused -> fromDomain(refused, ctx);
            case HttpResponseException e -> fromJavalin(e, ctx);
            default -> {
                LOG.error("request failed", failure);
                yield new ApiProblem(500, "internal", "internal error; quote request id " + RequestIds.of(ctx), List.of());
            }
        };
    }

    /** Each category of refusal, and only the category, decides the answer; the compiler checks all are here. */
    private static ApiProblem fromDomain(DomainException refused, Context ctx) {
        return switch (refused) {
            case InvalidInput invalid -> new ApiProblem(422, "validation", invalid.getMessage(), invalid.errors());
            case Unauthorized e -> {
                if (e instanceof ApiKeyRejected rejected) {
                    LOG.info("API key rejected: {}", rejected.reason());
                }
                yield new ApiProblem(401, "unauthorized", e.getMessage(), List.of());
            }
            case NotPermitted e -> new ApiProblem(403, "forbidden", e.getMessage(), List.of(),
                    e instanceof MissingScope missing ? missing.scope().wire() : null);
            case NotFound e -> new ApiProblem(404, "not_found", e.getMessage(), List.of());
            case Conflict e -> new ApiProblem(409, "conflict", e.getMessage(), List.of());
            case Throttled e -> new ApiProblem(429, "rate_limited", e.getMessage(), List.of());
            case Unavailable e -> {
                LOG.warn("request failed: the {} does not answer ({})", e.dependency(), rootCause(e).toString());
                yield new ApiProblem(503, "unavailable", e.getMessage() + " (request id " + RequestIds.of(ctx) + ")",
                        List.of());
            }
        };
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
