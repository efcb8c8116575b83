package org.astronrpa.openapi.adapters.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import org.astronrpa.openapi.application.apikey.IssuedApiKey;
import org.astronrpa.openapi.domain.apikey.ApiKey;
import org.astronrpa.openapi.domain.apikey.KeyGrant;
import org.astronrpa.openapi.domain.apikey.Scope;
import org.astronrpa.openapi.domain.workflow.ProjectId;

/** API key answers of API.md §4: the listed (masked) form, and the one-time form with the secret. */
final class ApiKeyJson {
    private ApiKeyJson() {
    }

    /**
     * What a key may do: {@code full_access} true (and {@code scopes} null) for a key issued before scopes or by the
     * compatibility route, which has its owner's full power; the limits null when not set.
     */
    record Grant(@JsonProperty("full_access") boolean fullAccess, List<String> scopes,
                 @JsonProperty("workflow_ids") List<String> workflowIds,
                 @JsonProperty("rate_limit_per_minute") Integer rateLimitPerMinute,
                 @JsonProperty("max_concurrent_executions") Integer maxConcurrentExecutions,
                 @JsonProperty("allowed_ips") List<String> allowedIps) {
        static Grant from(KeyGrant grant) {
            return new Grant(grant.fullAccess(),
                    grant.scopes() == null ? null : grant.scopes().stream().map(Scope::wire).toList(),
                    grant.workflowIds() == null ? null : grant.workflowIds().stream().map(ProjectId::value).toList(),
                    grant.rateLimitPerMinute(), grant.maxConcurrentExecutions(),
                    grant.allowedIps() == null ? null : grant.allowedIps().stream().map(Object::toString).toList());
        }
    }

    record Listed(String id, String name, @JsonProperty("api_key") String apiKey, String prefix,
                  @JsonProperty("created_at") String createdAt,
                  @JsonProperty("last_used_at") String lastUsedAt,
                  @JsonProperty("expires_at") String expiresAt,
                  @JsonUnwrapped Grant grant, long revision) {
        static Listed from(ApiKey key) {
            return new Listed(key.id(), key.name(), key.masked(), key.prefix(), Times.format(key.createdAt()),
                    Times.format(key.lastUsedAt()), Times.format(key.expiresAt()), Grant.from(key.grant()),
                    key.revision());
        }
    }

    record Created(String id, String name, @JsonProperty("api_key") String apiKey, String prefix,
                   @JsonProperty("created_at") String createdAt,
                   @JsonProperty("expires_at") String expiresAt,
                   @JsonUnwrapped Grant grant) {
        static Created from(IssuedApiKey issued) {
            ApiKey key = issued.key();
            return new Created(key.id(), key.name(), issued.secret().reveal(), key.prefix(),
                    Times.format(key.createdAt()), Times.format(key.expiresAt()), Grant.from(key.grant()));
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
