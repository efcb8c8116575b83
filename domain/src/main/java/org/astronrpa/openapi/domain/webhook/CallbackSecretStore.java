package org.astronrpa.openapi.domain.webhook;

import java.util.Optional;
import org.astronrpa.openapi.domain.shared.UserId;

/** Where each user's callback secret lives (sealed at rest where it is stored outside the process). */
public interface CallbackSecretStore {

    Optional<CallbackSecret> find(UserId owner);

    /** Stores the user's first secret; false (and nothing stored) when they have one already. */
    boolean insertIfAbsent(CallbackSecret secret);

    /**
     * Replaces the user's secret {@code current} with {@code next}.
     *
     * @throws org.astronrpa.openapi.domain.shared.ConcurrentUpdate when the stored one is no longer {@code current}
     *                                                             (rotated meanwhile)
     */
    void replace(CallbackSecret current, CallbackSecret next);
}
