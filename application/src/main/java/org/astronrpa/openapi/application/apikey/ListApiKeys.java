package org.astronrpa.openapi.application.apikey;

import org.astronrpa.openapi.domain.apikey.ApiKey;
import org.astronrpa.openapi.domain.apikey.ApiKeyStore;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.UserId;

/** A page of the caller's usable keys (neither revoked nor expired), newest first. */
public final class ListApiKeys {
    private final ApiKeyStore keys;
    private final TimeSource time;

    public ListApiKeys(ApiKeyStore keys, TimeSource time) {
        this.keys = keys;
        this.time = time;
    }

    public Page<ApiKey> list(UserId caller, PageRequest page) {
        return keys.pageActive(caller, time.now(), page);
    }
}
