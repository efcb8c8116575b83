package org.astronrpa.openapi.application.integration;

import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.domain.integration.Profile;
import org.astronrpa.openapi.domain.workflow.Workflow;

/**
 * {@code astron_workflow_get}: one of the caller's workflows as the contract shows it — its current version, the
 * inputs as the contract writes them, whether a run of it could be cancelled now (a robot of the caller that confirms
 * stops is connected), and its profile.
 */
public final class GetContractWorkflow {
    /** The workflow, its contract input schema (JSON text), whether a cancel would be confirmed now, its profile. */
    public record Described(Workflow workflow, String inputSchemaJson, boolean supportsCancel, Profile profile) {
    }

    private final ContractProfiles profiles;
    private final DescribeIntegration integration;

    public GetContractWorkflow(ContractProfiles profiles, DescribeIntegration integration) {
        this.profiles = profiles;
        this.integration = integration;
    }

    /** @throws org.astronrpa.openapi.domain.workflow.WorkflowNotFound when the contract does not show it */
    public Described get(Caller caller, String projectId) {
        Workflow workflow = profiles.visible(caller, projectId);
        return new Described(workflow, profiles.json().inputSchema(workflow.parameters()),
                integration.describe(caller).client().supportsCancel(), profiles.profile(workflow));
    }
}
