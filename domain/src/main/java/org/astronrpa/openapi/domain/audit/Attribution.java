package org.astronrpa.openapi.domain.audit;

import java.util.Objects;

/**
 * Who causes the changes being made now, and from where: set by the inbound adapter for the request it serves (the
 * authenticated caller, the client's address, the request's id), by the scheduler for the schedule it fires, and
 * {@link #SYSTEM} for everything else the service does of itself.
 */
public record Attribution(Actor actor, String sourceIp, String requestId) {
    public static final Attribution SYSTEM = new Attribution(Actor.SYSTEM, null, null);

    public Attribution {
        Objects.requireNonNull(actor, "actor");
    }
}
