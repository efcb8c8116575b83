package org.astronrpa.openapi.application.change;

import java.util.function.Supplier;
import org.astronrpa.openapi.domain.shared.ConcurrentUpdate;

/**
 * The one retry of a lost race: an attempt that reads, decides and saves with a version check is tried again when a
 * repository reports {@link ConcurrentUpdate}, a few times, and the last loss goes to the caller.
 */
public final class LostRaces {
    /** How many times one change is tried before the caller hears of the conflict. */
    public static final int ATTEMPTS = 5;

    private LostRaces() {
    }

    public static <T> T retry(Supplier<T> attempt) {
        for (int tried = 1; ; tried++) {
            try {
                return attempt.get();
            } catch (ConcurrentUpdate lost) {
                if (tried >= ATTEMPTS) {
                    throw lost;
                }
            }
        }
    }
}
