package org.astronrpa.openapi.adapters.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.application.execution.ContractCancelExecution;
import org.astronrpa.openapi.application.execution.GetSnapshot;
import org.astronrpa.openapi.application.integration.DescribeIntegration;
import org.astronrpa.openapi.domain.apikey.Scope;
import org.astronrpa.openapi.domain.integration.ContractError;
import org.astronrpa.openapi.domain.integration.ExecutionSnapshot;
import org.astronrpa.openapi.domain.integration.Integration;
import org.astronrpa.openapi.domain.shared.DomainException;
import org.astronrpa.openapi.domain.shared.InvalidInput;
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
    static final String EXECUTION_GET = "astron_execution_get";
    static final String EXECUTION_CANCEL = "astron_execution_cancel";

    private record Fixed(McpSchema.Tool tool, Scope scope,
                         BiFunction<Caller, Map<String, Object>, Map<String, Object>> run) {
    }

    private final Map<String, Fixed> tools = new LinkedHashMap<>();
    private final Json json;
    private final ToolResults results;

    ContractTools(DescribeIntegration integration, GetSnapshot snapshots, ContractCancelExecution cancels, Json json,
                  ToolResults results) {
        this.json = json;
        this.results = results;
        add(INTEGRATION_GET, Scope.WORKFLOWS_READ, "Describe the AstronRPA integration contract this server serves, "
                + "and the state of your robots. Starts nothing.", Schemas.CONTRACT_NO_INPUT,
                Schemas.CONTRACT_INTEGRATION, new McpSchema.ToolAnnotations(null, true, null, true, false, null),
                (caller, args) -> {
                    if (!args.isEmpty()) {
                        throw InvalidInput.of("arguments", "take none");
                    }
                    return integration(integration.describe(caller));
                });
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
                .outputSchema(json.object(output)).annotations(annotations).build();
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
            return results.structured(tools.get(name).run().apply(caller, arguments == null ? Map.of() : arguments),
                    false);
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
        if (!(args.get("executionId") instanceof String id) || id.isEmpty() || id.length() > 36) {
            throw InvalidInput.of("executionId", "must be a string of 1 to 36 characters");
        }
        return id;
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
        out.put("jsonLimits", null);
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
