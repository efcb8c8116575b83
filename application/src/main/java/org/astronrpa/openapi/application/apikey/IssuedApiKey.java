package org.astronrpa.openapi.application.apikey;

import org.astronrpa.openapi.domain.apikey.ApiKey;
import org.astronrpa.openapi.domain.apikey.RawApiKey;

/** A freshly issued key together with its secret, which is shown to its owner this once and never stored. */
public record IssuedApiKey(ApiKey key, RawApiKey secret) {
}
