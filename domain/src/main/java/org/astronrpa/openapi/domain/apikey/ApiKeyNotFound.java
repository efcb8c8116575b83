package org.astronrpa.openapi.domain.apikey;

import org.astronrpa.openapi.domain.shared.NotFound;

/** No active key with this id belongs to the caller. */
public final class ApiKeyNotFound extends NotFound {
    public ApiKeyNotFound(String id) {
        super("API key '" + id + "' was not found");
    }
}
