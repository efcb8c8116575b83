package org.astronrpa.openapi.application.execution;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.application.integration.ContractProfiles;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.domain.execution.IdempotencyRecord;
import org.astronrpa.openapi.domain.execution.IdempotencyStore;
import org.astronrpa.openapi.domain.integration.ContractJson;
import org.astronrpa.openapi.domain.integration.ContractRefused;
import org.astronrpa.openapi.domain.integration.ExecutionSnapshot;
import org.astronrpa.openapi.domain.integration.JsonLimits;
import org.astronrpa.openapi.domain.integration.Profile;
import org.astronrpa.openapi.domain.integration.Profiles;
import org.astronrpa.openapi.domain.robot.RobotTarget;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.Sha256;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowNotFound;
import org.astronrpa.openapi.domain.workflow.WorkflowRepository;

/**
 * The integration contract's start (docs/API.md §6a), the same over MCP and REST: a repeated idempotency key finds its
 * first execution before anything else is checked (its workflow must still be shown to the caller), then the workflow,
 * its version and profile, its inputs and the JSON limits decide; the run is queued as every start is (the contract's
 * {@code accepted}: an offline or busy robot is waited for, not refused). A key is the caller's for good: kept as its
 * SHA-256 with the digest of the request that used it first, in a store of its own.
 */
public final class StartContractExecution {
    private final StartExecution starts;
    private final ContractProfiles profiles;
    private final IdempotencyStore keys;
    private final ContractView view;

    public StartContractExecution(StartExecution starts, ContractProfiles profiles, IdempotencyStore keys,
                                  org.astronrpa.openapi.domain.execution.ExecutionRepository executions,
                                  WorkflowRepository workflows, org.astronrpa.openapi.domain.workflow.SecretInputs secrets,
                                  org.astronrpa.openapi.domain.shared.TimeSource time) {
        this.starts = starts;
        this.profiles = profiles;
        this.keys = java.util.Objects.requireNonNull(keys, "keys: contract starts need their idempotency store");
        this.view = new ContractView(executions, workflows, secrets, time, profiles.json());
    }

    /**
     * @throws WorkflowNotFound  when the contract does not show the workflow (also on a replay that lost it)
     * @throws ContractRefused   with the contract's code: IDEMPOTENCY_CONFLICT, VERSION_NOT_ALLOWED, an admission
     *                           reason, PROFILE_STALE, CAPABILITY_NOT_ALLOWED, UNSUPPORTED_PARAMETERS,
     *                           JSON_LIMIT_EXCEEDED, EXECUTION_NOT_ALLOWED
     * @throws InvalidInput      when the params break the workflow's inputs
     */
    public ExecutionSnapshot start(Caller caller, ContractStart start) {
        ContractJson json = profiles.json();
        if (start.execPosition() != null && !start.execPosition().equals(Execution.DEFAULT_EXEC_POSITION)) {
            throw new ContractRefused("EXECUTION_NOT_ALLOWED", "only exec_position EXECUTOR is allowed");
        }
        String digest = json.digest(digestFields(start));
        String keyHash = start.idempotencyKey() == null ? null : Sha256.hex(start.idempotencyKey());
        if (keyHash != null) {
            Optional<IdempotencyRecord> earlier = keys.find(caller.userId(), keyHash);
            if (earlier.isPresent()) {
                return replay(caller, earlier.get(), digest);
            }
        }
        Workflow workflow = profiles.visible(caller, start.projectId());
        Profile profile = profiles.profile(workflow);
        Profiles.checkStart(profile, start.version(), start.profileRevision(), start.capabilityClass(),
                start.transport());
        if (!json.expressible(workflow.parameters())) {
            throw new ContractRefused("UNSUPPORTED_PARAMETERS", "the workflow's inputs use what the contract cannot "
                    + "express");
        }
        String params = json.withDefaults(workflow.parameters(), start.paramsJson() == null ? "{}"
                : start.paramsJson());
        json.overLimits(params, JsonLimits.CONTRACT).ifPresent(over -> {
            throw new ContractRefused("JSON_LIMIT_EXCEEDED", "params " + over);
        });
        StartExecutionCommand command = new StartExecutionCommand(caller.userId(), workflow.projectId(), params,
                Execution.DEFAULT_EXEC_POSITION, start.executionTimeout() == null ? null
                : new ExecutionTimeout(start.executionTimeout()), keyHash, RobotTarget.ANY);
        Execution started = keyHash == null ? starts.start(caller, command)
                : starts.start(caller, command, new StartExecution.KeyScope(keys, null, digest,
                        () -> conflict()));
        return view.snapshot(started, workflow);
    }

    /** The first execution of the key, when the request is the same and its workflow still shown to the caller. */
    private ExecutionSnapshot replay(Caller caller, IdempotencyRecord earlier, String digest) {
        if (!earlier.fingerprint().equals(digest)) {
            throw conflict();
        }
        ContractView.Visible seen;
        try {
            // the contract's visibility: the caller's, within its key's workflows, its workflow the caller's and active
            seen = view.visible(caller, earlier.executionId().value());
        } catch (org.astronrpa.openapi.domain.execution.ExecutionNotFound lost) {
            throw new WorkflowNotFound(new org.astronrpa.openapi.domain.workflow.ProjectId("-"));
        }
        return view.snapshot(seen.execution(), seen.workflow());
    }

    private static ContractRefused conflict() {
        return new ContractRefused("IDEMPOTENCY_CONFLICT", "this idempotency key was used with another request");
    }

    /** What makes two starts the same request (upstream's fields; omitted ones null, so omitted differs from sent). */
    private static Map<String, Object> digestFields(ContractStart start) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("project_id", start.projectId());
        fields.put("params", start.paramsJson() == null ? null : new ContractJson.RawJson(start.paramsJson()));
        fields.put("exec_position", start.execPosition());
        fields.put("recording_config", start.recordingConfigJson() == null ? null
                : new ContractJson.RawJson(start.recordingConfigJson()));
        fields.put("version", start.version());
        fields.put("execution_timeout", start.executionTimeout() == null ? null : (long) start.executionTimeout());
        fields.put("phone_number", null);
        if (start.profileRevision() != null) {
            fields.put("profile_revision", start.profileRevision());
        }
        if (start.capabilityClass() != null) {
            fields.put("capability_class", start.capabilityClass());
        }
        return fields;
    }
}
