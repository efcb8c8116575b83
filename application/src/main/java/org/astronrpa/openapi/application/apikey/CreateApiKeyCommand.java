package org.astronrpa.openapi.application.apikey;

import java.time.Instant;
import java.util.Objects;
import org.astronrpa.openapi.domain.apikey.ApiKeyName;
import org.astronrpa.openapi.domain.apikey.KeyGrant;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * A request for a new key; {@code expiresAt} {@code null} means the key does not expire; {@code grant} what it may do
 * ({@link KeyGrant#FULL} only from the compatibility route, whose clients know no scopes).
 */
public record CreateApiKeyCommand(UserId caller, ApiKeyName name, Instant expiresAt, KeyGrant grant) {
    public CreateApiKeyCommand {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(grant, "grant");
    }
}
