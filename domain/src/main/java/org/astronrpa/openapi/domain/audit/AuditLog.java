package org.astronrpa.openapi.domain.audit;

import java.time.Instant;
import java.util.List;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;

/**
 * The append-only audit log. Entries of a change are appended in the change's own unit of work (the events it
 * records), so that the log never disagrees with the data; only the retention purge deletes, and nothing updates.
 */
public interface AuditLog {

    /** Appends the entries, in their order (nothing for none). */
    void append(List<AuditEvent> entries);

    /**
     * A page of one owner's entries that match {@code query}, newest first (time, then id); {@code total} is
     * {@code null} (the log is not counted), and the page says where the next starts.
     */
    Page<AuditEvent> page(AuditQuery query, PageRequest page);

    /** Deletes at most {@code limit} entries that happened before {@code cutoff}: how many it deleted. */
    int purgeBefore(Instant cutoff, int limit);
}
