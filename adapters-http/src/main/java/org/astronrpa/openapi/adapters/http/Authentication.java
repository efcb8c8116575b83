package org.astronrpa.openapi.adapters.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.astronrpa.openapi.application.audit.Attributions;
import org.astronrpa.openapi.application.auth.AuthenticateCaller;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.application.auth.Credentials;
import org.astronrpa.openapi.application.ratelimit.LimitRequests;
import org.astronrpa.openapi.domain.apikey.Scope;
import org.astronrpa.openapi.domain.audit.Actor;
import org.astronrpa.openapi.domain.audit.Attribution;
import org.astronrpa.openapi.domain.ratelimit.RateLimited;
import org.astronrpa.openapi.domain.shared.TrustedProxies;

/** Reads the credentials of a request and wraps handlers that need a caller. */
final class Authentication {
    static final String USER_HEADER = "X-User-Id";
    static final String USER_HEADER_ALT = "user_id";
    static final String GATEWAY_SECRET_HEADER = "X-Gateway-Secret";
    static final String API_KEY_HEADER = "X-API-Key";

    /** A handler that runs only for an authenticated caller. */
    @FunctionalInterface
    interface CallerHandler {
        void handle(Context ctx, Caller caller) throws Exception;
    }

    private final AuthenticateCaller authenticate;
    private final LimitRequests limits;
    private final Attributions attributions;
    private final TrustedProxies proxies;

    Authentication(AuthenticateCaller authenticate, LimitRequests limits, Attributions attributions,
                   TrustedProxies proxies) {
        this.authenticate = authenticate;
        this.limits = limits;
        this.attributions = attributions;
        this.proxies = proxies;
    }

    /**
     * A handler that runs only for an authenticated caller who holds {@code scope} (API.md §4): a key without it is
     * refused with 403 before its request counts against any budget. What it changes is the caller's doing, in the
     * audit log.
     */
    Handler required(Scope scope, CallerHandler handler) {
        return ctx -> attributed(ctx, admitted(ctx, authenticate.authenticate(credentials(ctx)).require(scope)),
                handler);
    }

    /** Runs {@code handler} for {@code caller}, the changes it makes attributed to them. */
    private void attributed(Context ctx, Caller caller, CallerHandler handler) throws Exception {
        try (Attributions.Binding bound = attributions.bind(Attributions.of(caller, RequestIds.of(ctx)))) {
            handler.handle(ctx, caller);
        }
    }

    /**
     * A handler of a route that its own credential admits (a robot's enrollment token): what it changes is attributed
     * to no caller yet, from the client's address in this request (the change says who it was).
     */
    Handler unauthenticated(Handler handler) {
        return ctx -> {
            try (Attributions.Binding bound = attributions.bind(new Attribution(Actor.anonymous(null, null),
                    proxies.clientOf(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For")), requestIdOf(ctx)))) {
                handler.handle(ctx);
            }
        };
    }

    /** Counts the request against the caller's budget: headers say what is left; a spent budget is a 429. */
    private Caller admitted(Context ctx, Caller caller) {
        ctx.attribute(RobotSocket.CALLER_ATTRIBUTE, caller);   // for the access line
        try {
            limits.admit(caller).ifPresent(decision -> LimitRequests.answerHeaders(decision).forEach(ctx::header));
        } catch (RateLimited refused) {
            LimitRequests.answerHeaders(refused.decision()).forEach(ctx::header);
            throw refused;
        }
        return caller;
    }

    /**
     * Before a WebSocket upgrade: refuses it with 401 unless authenticated, 403 without {@code scope}, and keeps the
     * caller for the socket.
     */
    Handler attachCaller(String attribute, Scope scope) {
        return ctx -> {
            // before the key is read: a change heard from then on may not be in what was read (KeyBoundSockets)
            ctx.attribute(KeyBoundSockets.CHECKED_AT_ATTRIBUTE, java.time.Instant.now());
            ctx.attribute(attribute, authenticate.authenticate(credentials(ctx)).require(scope));
        };
    }

    /**
     * Before a robot socket's upgrade: as {@link #attachCaller}, and a robot credential lets its robot in too (only
     * here); a key connecting its owner's robot needs {@code scope}.
     */
    Handler attachRobotCaller(String attribute, Scope scope) {
        return ctx -> ctx.attribute(attribute, authenticate.authenticateRobot(credentials(ctx)).require(scope));
    }

    /** Key management: only the trusted gateway's user, never an API key. */
    Handler gatewayOnly(CallerHandler handler) {
        return ctx -> attributed(ctx, admitted(ctx, authenticate.authenticate(credentials(ctx)).requireGateway()),
                handler);
    }

    /** The request's id, {@code null} where none was given ({@link RequestIds#assign} runs first on every request). */
    private static String requestIdOf(Context ctx) {
        String id = RequestIds.of(ctx);
        return id.isEmpty() ? null : id;
    }

    static Credentials credentials(Context ctx) {
        String user = ctx.header(USER_HEADER);
        if (user == null) {
            user = ctx.header(USER_HEADER_ALT);
        }
        return new Credentials(user, ctx.header(GATEWAY_SECRET_HEADER), ctx.header("Authorization"),
                ctx.header(API_KEY_HEADER), ctx.queryParam("key"), ctx.req().getRemoteAddr(),
                ctx.header("X-Forwarded-For"), requestIdOf(ctx));
    }
}
