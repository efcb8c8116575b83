package org.astronrpa.openapi.adapters.http;

import java.util.Objects;
import org.astronrpa.openapi.application.ratelimit.LimitRequests;
import org.astronrpa.openapi.application.apikey.CreateApiKey;
import org.astronrpa.openapi.application.apikey.ListApiKeys;
import org.astronrpa.openapi.application.apikey.RevokeApiKey;
import org.astronrpa.openapi.application.auth.AuthenticateCaller;
import org.astronrpa.openapi.application.ops.CheckHealth;
import org.astronrpa.openapi.application.workflow.DeleteWorkflow;
import org.astronrpa.openapi.application.workflow.GetWorkflow;
import org.astronrpa.openapi.application.workflow.ListWorkflows;
import org.astronrpa.openapi.application.workflow.UpsertWorkflow;

/** The use cases the HTTP adapter drives, handed over by the composition root. */
public record UseCases(
        AuthenticateCaller authenticate,
        UpsertWorkflow upsertWorkflow,
        GetWorkflow getWorkflow,
        ListWorkflows listWorkflows,
        DeleteWorkflow deleteWorkflow,
        CreateApiKey createApiKey,
        ListApiKeys listApiKeys,
        RevokeApiKey revokeApiKey,
        CheckHealth checkHealth,
        LimitRequests limitRequests) {

    /** Without rate limits. */
    public UseCases(AuthenticateCaller authenticate, UpsertWorkflow upsertWorkflow, GetWorkflow getWorkflow,
                    ListWorkflows listWorkflows, DeleteWorkflow deleteWorkflow, CreateApiKey createApiKey,
                    ListApiKeys listApiKeys, RevokeApiKey revokeApiKey, CheckHealth checkHealth) {
        this(authenticate, upsertWorkflow, getWorkflow, listWorkflows, deleteWorkflow, createApiKey, listApiKeys,
                revokeApiKey, checkHealth, LimitRequests.off());
    }

    public UseCases {
        Objects.requireNonNull(authenticate, "authenticate");
        Objects.requireNonNull(upsertWorkflow, "upsertWorkflow");
        Objects.requireNonNull(getWorkflow, "getWorkflow");
        Objects.requireNonNull(listWorkflows, "listWorkflows");
        Objects.requireNonNull(deleteWorkflow, "deleteWorkflow");
        Objects.requireNonNull(createApiKey, "createApiKey");
        Objects.requireNonNull(listApiKeys, "listApiKeys");
        Objects.requireNonNull(revokeApiKey, "revokeApiKey");
        Objects.requireNonNull(checkHealth, "checkHealth");
        Objects.requireNonNull(limitRequests, "limitRequests");
    }
}
