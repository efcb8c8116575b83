package org.astronrpa.openapi.application.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.astronrpa.openapi.domain.audit.AuditLog;
import org.astronrpa.openapi.domain.audit.AuditTrail;
import org.astronrpa.openapi.domain.shared.IdGenerator;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes failed authentications to the audit log at a limited rate, so that a client retrying a revoked key, or
 * someone trying keys, cannot fill the log or load the database: the first failure of a kind (same address, same key
 * or prefix, same reason) is written, the ones like it within {@link #WINDOW} are counted and folded into the next one
 * written, and each instance writes at most {@link #PER_WINDOW} a window (more are dropped: the log says a flood was
 * there, not each drop of it). A failure to write is logged, never the caller's answer: the caller is refused as
 * before.
 */
public final class FailedAuthentications {
    private static final Logger LOG = LoggerFactory.getLogger(FailedAuthentications.class);
    /** How long failures like one written are folded into a count. */
    public static final Duration WINDOW = Duration.ofMinutes(1);
    /** Entries an instance writes at most per window. */
    public static final int PER_WINDOW = 120;
    /** Kinds remembered at most: past this, those whose window ended are forgotten (all, if none has). */
    private static final int TRACKED = 10_000;

    private final AuditLog log;
    private final IdGenerator ids;
    private final TimeSource time;
    private final Map<String, Folded> seen = new HashMap<>();
    private Instant windowEnds = Instant.MIN;
    private int written;

    public FailedAuthentications(AuditLog log, IdGenerator ids, TimeSource time) {
        this.log = log;
        this.ids = ids;
        this.time = time;
    }

    /** Failures of one kind folded since the last one written, until {@code until}. */
    private static final class Folded {
        final Instant until;
        long count;

        Folded(Instant until) {
            this.until = until;
        }
    }

    /**
     * Records that credentials were refused, for {@code reason}: {@code owner}, {@code keyId} of the key when it is
     * known, {@code keyPrefix} of what was presented (its displayed part only), {@code address} and
     * {@code requestId} of the request when known.
     */
    public void record(UserId owner, String keyId, String keyPrefix, String reason, String address,
                       String requestId) {
        Instant now = time.now();
        long folded;
        synchronized (this) {
            String kind = address + "|" + (keyId != null ? keyId : keyPrefix) + "|" + reason;
            Folded last = seen.get(kind);
            if (last != null && now.isBefore(last.until)) {
                last.count++;
                return;
            }
            if (!now.isBefore(windowEnds)) {
                windowEnds = now.plus(WINDOW);
                written = 0;
            }
            if (written >= PER_WINDOW) {
                return;
            }
            written++;
            folded = last == null ? 0 : last.count;
            if (seen.size() >= TRACKED) {
                seen.values().removeIf(f -> !now.isBefore(f.until));
                if (seen.size() >= TRACKED) {
                    seen.clear();
                }
            }
            seen.put(kind, new Folded(now.plus(WINDOW)));
        }
        try {
            log.append(List.of(AuditTrail.failedAuthentication(ids.newId(), now, owner, keyId, keyPrefix, reason,
                    folded, address, requestId)));
        } catch (RuntimeException e) {
            LOG.warn("could not write a failed authentication to the audit log: {}", e.toString());
        }
    }
}
