package org.astronrpa.openapi.application.integration;

import java.util.Objects;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.domain.integration.ContractJson;
import org.astronrpa.openapi.domain.integration.Declaration;
import org.astronrpa.openapi.domain.integration.Profile;
import org.astronrpa.openapi.domain.integration.Profiles;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.SecretInputs;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowNotFound;
import org.astronrpa.openapi.domain.workflow.WorkflowRepository;

/**
 * The workflows upstream astron-rpa's integration contract shows a caller — the caller's own, active, within its key's
 * workflows — and their profiles ({@link Profiles}). Shared by the contract's use cases.
 */
public final class ContractProfiles {
    private final WorkflowRepository workflows;
    private final ContractJson json;
    private final SecretInputs secrets;

    public ContractProfiles(WorkflowRepository workflows, ContractJson json, SecretInputs secrets) {
        this.workflows = workflows;
        this.json = Objects.requireNonNull(json, "json: contract profiles need the contract's JSON adapter");
        this.secrets = secrets;
    }

    /** @throws WorkflowNotFound when the contract does not show it to the caller (an id that is none, too) */
    public Workflow visible(Caller caller, String projectId) {
        ProjectId id;
        try {
            id = new ProjectId(projectId);
        } catch (InvalidInput notAnId) {
            throw new WorkflowNotFound(new ProjectId("-"));
        }
        if (!caller.grant().sees(id)) {
            throw new WorkflowNotFound(id);
        }
        return workflows.find(id).filter(w -> w.isOwnedBy(caller.userId()) && w.isActive())
                .orElseThrow(() -> new WorkflowNotFound(id));
    }

    public Profile profile(Workflow workflow) {
        Declaration declared = workflow.integration() == null ? null : json.read(workflow.integration());
        return Profiles.of(workflow, declared, json.inputSchemaHash(workflow.parameters()),
                declared == null || json.supportedOutputSchema(declared.outputSchemaJson()),
                secrets.takenBy(workflow));
    }

    public ContractJson json() {
        return json;
    }
}
