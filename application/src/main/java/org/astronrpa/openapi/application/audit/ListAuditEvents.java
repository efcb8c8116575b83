package org.astronrpa.openapi.application.audit;

import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.domain.apikey.Scope;
import org.astronrpa.openapi.domain.audit.AuditEvent;
import org.astronrpa.openapi.domain.audit.AuditLog;
import org.astronrpa.openapi.domain.audit.AuditQuery;
import org.astronrpa.openapi.domain.shared.Cursors;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;

/**
 * A page of the caller's audit log ({@code GET /audit-events}), newest first, by number (the first
 * {@link #MAX_NUMBERED} entries) or after a cursor; each page says where the next starts.
 */
public final class ListAuditEvents {
    /** The list's name in its cursors. */
    static final String LIST = "audit-events";
    /** How far pages by number reach: further, page by cursor (a page by number reads every entry before it). */
    public static final int MAX_NUMBERED = 2_000;

    /** A page and the cursor of the next one ({@code null}: this is the last). */
    public record Listed(Page<AuditEvent> page, String nextCursor) {
    }

    private final AuditLog log;
    private final Cursors cursors;

    public ListAuditEvents(AuditLog log, Cursors cursors) {
        this.log = log;
        this.cursors = cursors;
    }

    /**
     * @param query  the caller's filters (its owner must be the caller)
     * @param cursor a previous page's {@link Listed#nextCursor()}, or {@code null}
     * @throws org.astronrpa.openapi.domain.apikey.MissingScope without {@code audit:read}
     * @throws InvalidInput naming {@code cursor} or {@code pageNo}
     */
    public Listed list(Caller caller, AuditQuery query, PageRequest page, String cursor) {
        caller.require(Scope.AUDIT_READ);
        if (!query.owner().equals(caller.userId())) {
            throw new IllegalArgumentException("a caller reads their own audit log");
        }
        if (cursor == null && (long) page.pageNo() * page.pageSize() > MAX_NUMBERED) {
            throw InvalidInput.of("pageNo", "pages by number reach the first " + MAX_NUMBERED
                    + " entries: page further by cursor (next_cursor)");
        }
        Page<AuditEvent> found = log.page(query, cursors.pageOf(caller.userId(), LIST, page, cursor));
        return new Listed(found, cursors.nextOf(caller.userId(), LIST, found));
    }
}
