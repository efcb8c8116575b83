package org.astronrpa.openapi.adapters.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.application.execution.ContractCancelExecution;
import org.astronrpa.openapi.application.execution.ContractStart;
import org.astronrpa.openapi.application.execution.GetSnapshot;
import org.astronrpa.openapi.application.execution.StartContractExecution;
import org.astronrpa.openapi.application.integration.DescribeIntegration;
import org.astronrpa.openapi.application.integration.GetContractWorkflow;
import org.astronrpa.openapi.application.integration.ListContractWorkflows;
import org.astronrpa.openapi.domain.apikey.Scope;
import org.astronrpa.openapi.domain.integration.CapabilityClass;
import org.astronrpa.openapi.domain.integration.ContractError;
import org.astronrpa.openapi.domain.integration.ContractJson;
import org.astronrpa.openapi.domain.integration.ContractRefused;
import org.astronrpa.openapi.domain.integration.Declaration;
import org.astronrpa.openapi.domain.integration.ExecutionSnapshot;
import org.astronrpa.openapi.domain.integration.Integration;
import org.astronrpa.openapi.domain.integration.JsonLimits;
import org.astronrpa.openapi.domain.integration.Profile;
import org.astronrpa.openapi.domain.shared.DomainException;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fixed tools of upstream astron-rpa's integration contract 1 (API.md §6a) served so far: {@code
 * astron_integration_get}, {@code astron_execution_get}, {@code astron_execution_cancel}. As the contract has them:
 * input schemas closed to other arguments and checked here (not by the SDK), a success's payload as {@code
 * structuredContent} and the same JSON as the one text block, a refusal as {@code isError} with {@code
 * structuredContent} {@code {"error": {"code", "message"}}} — a message that echoes nothing of the arguments.
 */
final class ContractTools {
    private static final Logger LOG = LoggerFactory.getLogger(ContractTools.class);
    static final String INTEGRATION_GET = "astron_integration_get";
    static final String WORKFLOW_LIST = "astron_workflow_list";
    static final String WORKFLOW_GET = "astron_workflow_get";
    static final String WORKFLOW_EXECUTE = "astron_workflow_execute";
    static final String EXECUTION_GET = "astron_execution_get";
    static final String EXECUTION_CANCEL = "astron_execution_cancel";

    private record Fixed(McpSchema.Tool tool, Scope scope,
                         BiFunction<Caller, Map<String, Object>, Map<String, Object>> run) {
    }

    private final Map<String, Fixed> tools = new LinkedHashMap<>();
    private final Json json;
    private final ToolResults results;

    private final ContractJson contractJson;

    /**
     * @param list     null (with {@code get}, {@code start} and {@code contractJson}) when contract starts are not
     *                 served: those three tools are then not listed
     */
    ContractTools(DescribeIntegration integration, ListContractWorkflows list, GetContractWorkflow get,
                  StartContractExecution start, GetSnapshot snapshots, ContractCancelExecution cancels,
                  ContractJson contractJson, Json json, ToolResults results) {
        this.json = json;
        this.results = results;
        this.contractJson = contractJson;
        add(INTEGRATION_GET, Scope.WORKFLOWS_READ, "Describe the AstronRPA integration contract this server serves, "
                + "and the state of your robots. Starts nothing.", Schemas.CONTRACT_NO_INPUT,
                Schemas.CONTRACT_INTEGRATION, new McpSchema.ToolAnnotations(null, true, null, true, false, null),
                (caller, args) -> {
                    if (!args.isEmpty()) {
                        throw InvalidInput.of("arguments", "take none");
                    }
                    return integration(integration.describe(caller));
                });
        if (list != null) {
            add(WORKFLOW_LIST, Scope.WORKFLOWS_READ, "List your AstronRPA workflows that external callers may start, "
                    + "with their admission.", Schemas.CONTRACT_LIST_INPUT, Schemas.CONTRACT_LIST_OUTPUT,
                    new McpSchema.ToolAnnotations(null, true, null, true, false, null),
                    (caller, args) -> listed(list, caller, args));
            add(WORKFLOW_GET, Scope.WORKFLOWS_READ, "Read one AstronRPA workflow: its inputSchema, profile and "
                    + "admission.", Schemas.CONTRACT_PROJECT_ID, Schemas.CONTRACT_WORKFLOW,
                    new McpSchema.ToolAnnotations(null, true, null, true, false, null),
                    (caller, args) -> described(get.get(caller, projectId(args))));
            add(WORKFLOW_EXECUTE, Scope.EXECUTIONS_RUN, "Start an AstronRPA workflow asynchronously; answers the "
                    + "execution's snapshot at once (poll astron_execution_get). Send an idempotencyKey to retry safely.",
                    Schemas.CONTRACT_EXECUTE_INPUT, Schemas.CONTRACT_SNAPSHOT,
                    new McpSchema.ToolAnnotations(null, false, true, false, false, null),
                    (caller, args) -> snapshot(start.start(caller, executeArguments(args))));
        }
        add(EXECUTION_GET, Scope.EXECUTIONS_READ, "Read an AstronRPA execution's snapshot by its executionId.",
                Schemas.CONTRACT_EXECUTION_ID, Schemas.CONTRACT_SNAPSHOT,
                new McpSchema.ToolAnnotations(null, true, null, true, false, null),
                (caller, args) -> snapshot(snapshots.get(caller, executionId(args))));
        add(EXECUTION_CANCEL, Scope.EXECUTIONS_CANCEL, "Cancel an AstronRPA execution, where the cancel can be "
                + "confirmed; answers its snapshot.", Schemas.CONTRACT_EXECUTION_ID, Schemas.CONTRACT_SNAPSHOT,
                new McpSchema.ToolAnnotations(null, false, true, true, false, null),
                (caller, args) -> snapshot(cancels.cancel(caller, executionId(args))));
    }

    private void add(String name, Scope scope, String description, String input, String output,
                     McpSchema.ToolAnnotations annotations,
                     BiFunction<Caller, Map<String, Object>, Map<String, Object>> run) {
        McpSchema.Tool tool = McpSchema.Tool.builder(name, json.object(input)).description(description)
                .outputSchema(json.object(Schemas.orContractError(output))).annotations(annotations).build();
        tools.put(name, new Fixed(tool, scope, run));
    }

    boolean has(String name) {
        return tools.containsKey(name);
    }

    /** The fixed tools a key with {@code grant} may call, in the contract's order. */
    List<McpSchema.Tool> tools(org.astronrpa.openapi.domain.apikey.KeyGrant grant) {
        return tools.values().stream().filter(fixed -> grant.permits(fixed.scope())).map(Fixed::tool).toList();
    }

    Scope scopeOf(String name) {
        return tools.get(name).scope();
    }

    /** Calls the fixed tool {@code name} (one that {@link #has}); every outcome is a result, unexpected ones too. */
    McpSchema.CallToolResult call(String name, Caller caller, Map<String, Object> arguments, String requestId) {
        try {
            Map<String, Object> args = arguments == null ? Map.of() : arguments;
            if (contractJson != null) {
                contractJson.overLimits(json.write(args), JsonLimits.CONTRACT).ifPresent(over -> {
                    throw new ContractRefused("JSON_LIMIT_EXCEEDED", "the arguments " + over);
                });
            }
            return results.structured(tools.get(name).run().apply(caller, args), false);
        } catch (DomainException refused) {
            return results.structured(Map.of("error", error(refused)), true);
        } catch (RuntimeException unexpected) {
            LOG.error("contract tool {} failed (request {})", name, requestId, unexpected);
            return results.structured(Map.of("error", Map.of("code", "INTERNAL_ERROR", "message",
                    "the call failed in the service; do not retry a start automatically (request id " + requestId
                            + ")")), true);
        }
    }

    /** The contract's code and a sentence echoing nothing of the arguments. */
    private static Map<String, Object> error(DomainException refused) {
        return switch (refused) {
            case InvalidInput e -> Map.of("code", "INVALID_ARGUMENTS", "message", e.getMessage());
            case ContractRefused e -> Map.of("code", e.error().code(), "message", e.error().message());
            case org.astronrpa.openapi.domain.shared.Unavailable e -> Map.of("code", "INTERNAL_ERROR",
                    "message", "a service the call needs does not answer; retry shortly");
            default -> ContractError.of(refused)
                    .<Map<String, Object>>map(error -> Map.of("code", error.code(), "message", error.message()))
                    .orElse(Map.of("code", "INTERNAL_ERROR", "message", "the call was refused by the service"));
        };
    }

    /** {@code executionId}, the only argument: a string of 1..36 characters (checked as the input schema says). */
    private static String executionId(Map<String, Object> args) {
        for (String name : args.keySet()) {
            if (!name.equals("executionId")) {
                throw InvalidInput.of("arguments", "take executionId alone");
            }
        }
        return string(args, "executionId", 36, true);
    }

    private static void only(Map<String, Object> args, java.util.Set<String> names) {
        for (String name : args.keySet()) {
            if (!names.contains(name)) {
                throw InvalidInput.of("arguments", "take only " + new java.util.TreeSet<>(names));
            }
        }
    }

    /** An integer argument within bounds (a JSON number without a fraction), or null when absent. */
    private static Long integer(Map<String, Object> args, String name, long min, long max) {
        Object value = args.get(name);
        if (value == null && !args.containsKey(name)) {
            return null;
        }
        long n;
        if (value instanceof Integer i) {
            n = i;
        } else if (value instanceof Long l) {
            n = l;
        } else if (value instanceof java.math.BigInteger || value instanceof Double || value instanceof Float
                || value instanceof java.math.BigDecimal) {
            Number number = (Number) value;
            if (number.doubleValue() != Math.rint(number.doubleValue()) || !Double.isFinite(number.doubleValue())) {
                throw InvalidInput.of(name, "must be an integer");
            }
            n = number.longValue();
        } else {
            throw InvalidInput.of(name, "must be an integer");
        }
        if (n < min || n > max) {
            throw InvalidInput.of(name, "must be between " + min + " and " + max);
        }
        return n;
    }

    private static String string(Map<String, Object> args, String name, int max, boolean required) {
        Object value = args.get(name);
        if (value == null && !args.containsKey(name) && !required) {
            return null;
        }
        if (!(value instanceof String text) || text.isEmpty() || text.length() > max) {
            throw InvalidInput.of(name, "must be a string of 1 to " + max + " characters");
        }
        return text;
    }

    private Map<String, Object> listed(ListContractWorkflows list, Caller caller, Map<String, Object> args) {
        only(args, java.util.Set.of("offset", "limit"));
        Long offset = integer(args, "offset", 0, Integer.MAX_VALUE);
        Long limit = integer(args, "limit", 1, ListContractWorkflows.MAX_LIMIT);
        ListContractWorkflows.Listed page = list.list(caller, offset == null ? 0 : offset.intValue(),
                limit == null ? ListContractWorkflows.MAX_LIMIT : limit.intValue());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("workflows", page.workflows().stream().map(s -> summary(s.workflow(), s.profile())).toList());
        out.put("nextOffset", page.nextOffset());
        return out;
    }

    private static String projectId(Map<String, Object> args) {
        only(args, java.util.Set.of("projectId"));
        return string(args, "projectId", 100, true);
    }

    private ContractStart executeArguments(Map<String, Object> args) {
        only(args, java.util.Set.of("projectId", "version", "params", "idempotencyKey", "executionTimeout",
                "capabilityClass", "profileRevision"));
        String projectId = string(args, "projectId", 100, true);
        Long version = integer(args, "version", 1, Integer.MAX_VALUE);
        Object params = args.get("params");
        if (args.containsKey("params") && !(params instanceof Map)) {
            throw InvalidInput.of("params", "must be an object");
        }
        String key = string(args, "idempotencyKey", ContractStart.MAX_IDEMPOTENCY_KEY, false);
        Long timeout = integer(args, "executionTimeout", 1, 86_400);
        String capabilityClass = string(args, "capabilityClass", 64, false);
        if (capabilityClass != null && CapabilityClass.fromWire(capabilityClass).isEmpty()) {
            throw InvalidInput.of("capabilityClass", "must be one of the contract's capability classes");
        }
        String revision = string(args, "profileRevision", 100, false);
        return new ContractStart(projectId, version, params == null ? null : json.write(params), key,
                timeout == null ? null : timeout.intValue(), capabilityClass, revision, "mcp", null, null);
    }

    /** A workflow's summary, as listed: every key present. */
    private Map<String, Object> summary(Workflow w, Profile profile) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("projectId", w.projectId().value());
        out.put("name", w.name());
        out.put("description", w.description() == null ? "" : w.description());
        out.put("version", w.revision());
        out.put("admission", admission(profile.admission()));
        Declaration d = profile.declared();
        out.put("capabilityClass", d == null || d.capabilityClass() == null ? null : d.capabilityClass().wire());
        out.put("capabilities", d == null ? null : d.capabilities());
        out.put("componentOperations", d == null ? null : d.componentOperations());
        out.put("allowedTransports", d == null ? null : d.allowedTransports());
        return out;
    }

    private Map<String, Object> described(GetContractWorkflow.Described found) {
        Map<String, Object> out = summary(found.workflow(), found.profile());
        out.put("inputSchema", json.object(found.inputSchemaJson()));
        out.put("supportsCancel", found.supportsCancel());
        out.put("profile", profile(found.profile()));
        return out;
    }

    private static Map<String, Object> admission(Profile.Admission a) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("allowed", a.allowed());
        out.put("reason", a.reason());
        out.put("enforced", a.enforced());
        return out;
    }

    private Map<String, Object> profile(Profile p) {
        Declaration d = p.declared();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("schemaVersion", Profile.SCHEMA_VERSION);
        out.put("projectId", p.projectId());
        out.put("version", p.version());
        out.put("inputSchemaHash", p.inputSchemaHash());
        out.put("revision", p.revision());
        out.put("revisionLabel", d == null ? null : d.revisionLabel());
        out.put("outputSchema", d == null || d.outputSchemaJson() == null ? null : json.object(d.outputSchemaJson()));
        out.put("capabilities", d == null ? null : d.capabilities());
        out.put("capabilityClass", d == null || d.capabilityClass() == null ? null : d.capabilityClass().wire());
        out.put("componentOperations", d == null ? null : d.componentOperations());
        out.put("readContractVersion", d != null && d.capabilityClass() != null && d.capabilityClass().isRead()
                ? 1 : null);
        out.put("allowedTransports", d == null ? null : d.allowedTransports());
        out.put("fileInputs", d == null ? null : d.fileInputs());
        out.put("fileOutputs", d == null ? null : d.fileOutputs());
        out.put("requiresGui", d == null ? null : d.requiresGui());
        out.put("requiresHuman", d == null ? null : d.requiresHuman());
        out.put("environment", d == null ? null : d.environment());
        out.put("sideEffects", d == null ? null : d.sideEffects());
        out.put("risk", d == null ? Declaration.UNKNOWN : d.risk());
        out.put("executionType", d == null ? Declaration.UNKNOWN : d.executionType());
        out.put("exclusiveTerminal", d == null ? null : d.exclusiveTerminal());
        out.put("supportScope", d == null ? null : d.supportScope());
        out.put("jsonLimits", p.jsonLimits() == null ? null : limits(p.jsonLimits()));
        out.put("admission", admission(p.admission()));
        out.put("resultVisibility", p.resultVisibility().wire());
        return out;
    }

    static Map<String, Object> limits(JsonLimits l) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("maxBytes", l.maxBytes());
        out.put("maxDepth", l.maxDepth());
        out.put("maxObjectProperties", l.maxObjectProperties());
        out.put("maxArrayItems", l.maxArrayItems());
        out.put("maxStringLength", l.maxStringLength());
        return out;
    }

    private Map<String, Object> snapshot(ExecutionSnapshot s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("executionId", s.executionId());
        out.put("projectId", s.projectId());
        out.put("version", s.version());
        out.put("status", s.status().wire());
        out.put("terminal", s.terminal());
        out.put("acceptedAt", time(s.acceptedAt()));
        out.put("startedAt", time(s.startedAt()));
        out.put("finishedAt", time(s.finishedAt()));
        out.put("clientId", s.clientId());
        out.put("runId", s.runId());
        out.put("cancelRequested", s.cancelRequested());
        out.put("result", s.resultJson() == null ? null : json.value(s.resultJson()));
        out.put("error", s.error() == null ? null
                : Map.of("code", s.error().code(), "message", s.error().message()));
        out.put("supportsCancel", s.supportsCancel());
        out.put("resultVisibility", s.resultVisibility().wire());
        return out;
    }

    private Map<String, Object> integration(Integration i) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("contractVersion", Integration.CONTRACT_VERSION);
        out.put("serviceVersion", i.serviceVersion());
        out.put("profileSchemaVersion", Integration.PROFILE_SCHEMA_VERSION);
        out.put("requiredClientProtocol", Integration.CLIENT_PROTOCOL);
        out.put("durableIdempotency", i.durableIdempotency());
        out.put("operations", i.operations());
        out.put("capabilityClasses", i.capabilityClasses());
        out.put("jsonLimits", i.jsonLimits() == null ? null : limits(i.jsonLimits()));
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("state", i.client().state().wire());
        client.put("protocol", i.client().protocol());
        client.put("supportsCancel", i.client().supportsCancel());
        out.put("client", client);
        out.put("limitations", i.limitations());
        return out;
    }

    private static String time(Instant at) {
        return ExecutionSnapshot.wireTime(at);
    }
}
