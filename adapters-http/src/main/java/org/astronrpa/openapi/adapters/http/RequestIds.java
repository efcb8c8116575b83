package org.astronrpa.openapi.adapters.http;

import io.javalin.http.Context;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/** Gives each request an id: the caller's {@code X-Request-ID} if it is safe, else a new UUID. */
final class RequestIds {
    static final String HEADER = "X-Request-ID";
    static final String MDC_KEY = "request_id";
    private static final String ATTRIBUTE = "rpa.request_id";
    private static final Pattern SAFE = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");

    private RequestIds() {
    }

    /** Runs first on every request: chooses the id, echoes it, and tags the log lines of the request. */
    static void assign(Context ctx) {
        String sent = ctx.header(HEADER);
        String id = sent != null && SAFE.matcher(sent).matches() ? sent : UUID.randomUUID().toString();
        ctx.attribute(ATTRIBUTE, id);
        ctx.header(HEADER, id);
        MDC.put(MDC_KEY, id);
    }

    static String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        return id == null ? "" : id;
    }
}
