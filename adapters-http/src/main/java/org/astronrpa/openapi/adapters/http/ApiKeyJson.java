package org.astronrpa.openapi.adapters.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.astronrpa.openapi.application.apikey.IssuedApiKey;
import org.astronrpa.openapi.domain.apikey.ApiKey;

/** API key answers of API.md §4: the listed (masked) form, and the one-time form with the secret. */
final class ApiKeyJson {
    private ApiKeyJson() {
    }

    record Listed(String id, String name, @JsonProperty("api_key") String apiKey, String prefix,
                  @JsonProperty("created_at") String createdAt,
                  @JsonProperty("last_used_at") String lastUsedAt,
                  @JsonProperty("expires_at") String expiresAt) {
        static Listed from(ApiKey key) {
            return new Listed(key.id(), key.name(), key.masked(), key.prefix(), Times.format(key.createdAt()),
                    Times.format(key.lastUsedAt()), Times.format(key.expiresAt()));
        }
    }

    record Created(String id, String name, @JsonProperty("api_key") String apiKey, String prefix,
                   @JsonProperty("created_at") String createdAt,
                   @JsonProperty("expires_at") String expiresAt) {
        static Created from(IssuedApiKey issued) {
            ApiKey key = issued.key();
            return new Created(key.id(), key.name(), issued.secret().reveal(), key.prefix(),
                    Times.format(key.createdAt()), Times.format(key.expiresAt()));
        }
    }

    /** The original service's list record. */
    record Compat(String id, @JsonProperty("api_key") String apiKey, String name, String createTime, String recentTime) {
        static Compat from(ApiKey key) {
            return new Compat(key.id(), key.masked(), key.name(), Times.format(key.createdAt()),
                    Times.format(key.lastUsedAt()));
        }
    }
}
