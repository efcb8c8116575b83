package org.astronrpa.openapi.domain.apikey;

import org.astronrpa.openapi.domain.shared.Throttled;

/** The caller's API key has as many unfinished executions as its {@code max_concurrent_executions} (REST 429). */
public final class TooManyRuns extends Throttled {
    public TooManyRuns(int limit, int asked) {
        super("this API key may have at most " + limit + " unfinished executions (its max_concurrent_executions)"
                + (asked > 1 ? " and " + asked + " more would pass that" : " and has that many") + "; start again when"
                + " one has ended");
    }
}
