package org.astronrpa.openapi.application.workflow;

import java.util.Optional;
import java.util.function.Predicate;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.application.change.LostRaces;
import org.astronrpa.openapi.domain.shared.ConcurrentUpdate;
import org.astronrpa.openapi.domain.shared.DomainEvents;
import org.astronrpa.openapi.domain.shared.IdGenerator;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.ProjectIdTaken;
import org.astronrpa.openapi.domain.workflow.SchemaChecker;
import org.astronrpa.openapi.domain.workflow.ToolNameTaken;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowAlreadyExists;
import org.astronrpa.openapi.domain.workflow.WorkflowChanges;
import org.astronrpa.openapi.domain.workflow.WorkflowEvent;
import org.astronrpa.openapi.domain.workflow.WorkflowRepository;

/** Creates a workflow, or updates the fields sent of the caller's existing one. */
public final class UpsertWorkflow {
    private final WorkflowRepository workflows;
    private final SchemaChecker schemas;
    private final org.astronrpa.openapi.domain.integration.ContractJson contract;
    private final DomainEvents events;
    private final IdGenerator ids;
    private final TimeSource time;

    public UpsertWorkflow(WorkflowRepository workflows, SchemaChecker schemas, DomainEvents events, IdGenerator ids,
                          TimeSource time) {
        this(workflows, schemas, null, events, ids, time);
    }

    /** @param contract checks integration declarations (null: a workflow cannot be given one) */
    public UpsertWorkflow(WorkflowRepository workflows, SchemaChecker schemas,
                          org.astronrpa.openapi.domain.integration.ContractJson contract, DomainEvents events,
                          IdGenerator ids, TimeSource time) {
        this.contract = contract;
        this.workflows = workflows;
        this.schemas = schemas;
        this.events = events;
        this.ids = ids;
        this.time = time;
    }

    /**
     * As {@link #upsert(UpsertWorkflowCommand)}; a key limited to some workflows writes only those (another is refused
     * whether it exists or not, so the refusal tells nothing).
     */
    public UpsertResult upsert(Caller caller, UpsertWorkflowCommand command) {
        if (!caller.grant().sees(command.projectId())) {
            throw new org.astronrpa.openapi.domain.apikey.OutsideWorkflows(command.projectId());
        }
        return upsert(command);
    }

    UpsertResult upsert(UpsertWorkflowCommand command) {
        WorkflowChanges changes = command.parametersJson() == null
                ? command.fields()
                : command.fields().withParameters(schemas.check(command.parametersJson()));
        return LostRaces.retry(() -> {
            try {
                return once(command.caller(), command.projectId(), changes, command.integrationJson());
            } catch (WorkflowAlreadyExists | ToolNameTaken | ConcurrentUpdate raced) {
                throw new ConcurrentUpdate("workflow '" + command.projectId() + "'");
            }
        });
    }

    private UpsertResult once(UserId caller, ProjectId projectId, WorkflowChanges sent, String integrationJson) {
        Optional<Workflow> existing = workflows.find(projectId);
        WorkflowChanges changes = integrationJson == null ? sent : sent.withIntegration(declared(integrationJson,
                sent.parameters() != null ? sent.parameters()
                        : existing.map(Workflow::parameters).orElse(null)));
        Predicate<String> taken = key -> workflows.isToolNameTaken(caller, key, projectId);
        if (existing.isEmpty()) {
            Workflow created = Workflow.create(projectId, caller, changes, taken, time.now());
            workflows.insert(created);
            events.record(new WorkflowEvent.Upserted(ids.newId(), created, time.now()));
            return new UpsertResult.Created(created);
        }
        Workflow current = existing.get();
        if (!current.isOwnedBy(caller)) {
            throw new ProjectIdTaken(projectId);
        }
        if (changes.isEmpty()) {
            return new UpsertResult.Updated(current);
        }
        Workflow updated = current.apply(changes, taken, time.now());
        workflows.update(updated);
        events.record(new WorkflowEvent.Upserted(ids.newId(), updated, time.now()));
        return new UpsertResult.Updated(updated);
    }

    /** The caller's declaration checked against the workflow's inputs as they will be, or REMOVED for null. */
    private org.astronrpa.openapi.domain.workflow.IntegrationDeclaration declared(
            String json, org.astronrpa.openapi.domain.workflow.ParametersSchema inputs) {
        if (json.equals("null")) {
            return org.astronrpa.openapi.domain.workflow.IntegrationDeclaration.REMOVED;
        }
        if (contract == null) {
            throw org.astronrpa.openapi.domain.shared.InvalidInput.of("integration",
                    "integration declarations are not served by this service");
        }
        return contract.declare(json, inputs);
    }
}
