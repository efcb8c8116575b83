package org.astronrpa.openapi.adapters.http;

import io.javalin.http.Context;
import org.astronrpa.openapi.domain.shared.FieldErrors;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.PageRequest;

/** Reads {@code ?pageNo=&pageSize=} (defaults 1 and 20) and {@code ?cursor=}. */
final class Paging {
    private Paging() {
    }

    static PageRequest of(Context ctx) {
        FieldErrors errors = new FieldErrors();
        Integer pageNo = errors.collect(() -> integer(ctx, "pageNo", PageRequest.FIRST.pageNo()));
        Integer pageSize = errors.collect(() -> integer(ctx, "pageSize", PageRequest.FIRST.pageSize()));
        // range-check what did parse, so that one answer names both parameters
        PageRequest page = errors.collect(() -> new PageRequest(pageNo == null ? 1 : pageNo, pageSize == null ? 1 : pageSize));
        errors.throwIfAny();
        return page;
    }

    /**
     * {@code ?cursor=}, blank as absent; one given with {@code pageNo} is added to {@code errors} naming
     * {@code cursor} (a cursor says where the page starts).
     */
    static String cursor(Context ctx, FieldErrors errors) {
        String cursor = ctx.queryParam("cursor");
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        if (ctx.queryParam("pageNo") != null) {
            errors.add("cursor", "cannot be combined with pageNo: a cursor says where the page starts");
        }
        return cursor;
    }

    static int integer(Context ctx, String name, int fallback) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            throw InvalidInput.of(name, "must be an integer");
        }
    }
}
