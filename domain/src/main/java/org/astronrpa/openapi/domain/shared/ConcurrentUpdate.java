package org.astronrpa.openapi.domain.shared;

/** Someone else changed or created the same aggregate between our read and our write. */
public final class ConcurrentUpdate extends Conflict {
    public ConcurrentUpdate(String what) {
        super(what + " was changed by another request at the same time; retry");
    }
}
