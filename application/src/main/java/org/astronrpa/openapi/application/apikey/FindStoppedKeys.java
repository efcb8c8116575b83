package org.astronrpa.openapi.application.apikey;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.astronrpa.openapi.domain.apikey.ApiKeyStore;
import org.astronrpa.openapi.domain.shared.TimeSource;

/**
 * Which of some keys no longer work (revoked, expired, or gone), asked of the store itself: the safety net for
 * connections opened with a key whose revocation announcement was lost (Redis down while it was made).
 */
public final class FindStoppedKeys {
    private final ApiKeyStore keys;
    private final TimeSource time;

    public FindStoppedKeys(ApiKeyStore keys, TimeSource time) {
        this.keys = keys;
        this.time = time;
    }

    public Set<String> among(Collection<String> keyIds) {
        Instant now = time.now();
        Set<String> stopped = new LinkedHashSet<>();
        for (String id : keyIds) {
            if (keys.findById(id).map(key -> key.refusal(now) != null).orElse(true)) {
                stopped.add(id);
            }
        }
        return stopped;
    }
}
