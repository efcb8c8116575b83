package org.astronrpa.openapi.adapters.mcp;

import java.util.Objects;
import org.astronrpa.openapi.application.auth.AuthenticateCaller;
import org.astronrpa.openapi.application.execution.AwaitExecution;
import org.astronrpa.openapi.application.execution.CancelExecution;
import org.astronrpa.openapi.application.execution.GetExecution;
import org.astronrpa.openapi.application.execution.ListExecutions;
import org.astronrpa.openapi.application.execution.StartExecution;
import org.astronrpa.openapi.application.ratelimit.LimitRequests;
import org.astronrpa.openapi.application.workflow.GetWorkflow;
import org.astronrpa.openapi.application.workflow.ListWorkflows;

/** The use cases the MCP adapter drives, handed over by the composition root. */
public record McpUseCases(
        AuthenticateCaller authenticate,
        LimitRequests limitRequests,
        GetWorkflow getWorkflow,
        ListWorkflows listWorkflows,
        StartExecution startExecution,
        AwaitExecution awaitExecution,
        GetExecution getExecution,
        CancelExecution cancelExecution,
        ListExecutions listExecutions) {

    public McpUseCases {
        Objects.requireNonNull(authenticate, "authenticate");
        Objects.requireNonNull(limitRequests, "limitRequests");
        Objects.requireNonNull(getWorkflow, "getWorkflow");
        Objects.requireNonNull(listWorkflows, "listWorkflows");
        Objects.requireNonNull(startExecution, "startExecution");
        Objects.requireNonNull(awaitExecution, "awaitExecution");
        Objects.requireNonNull(getExecution, "getExecution");
        Objects.requireNonNull(cancelExecution, "cancelExecution");
        Objects.requireNonNull(listExecutions, "listExecutions");
    }
}
