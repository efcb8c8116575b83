package org.astronrpa.openapi.adapters.mcp;

/** The JSON Schemas of the tools' results and of the control tools' arguments, as JSON text. */
final class Schemas {
    private Schemas() {
    }

    /** Kept short: every workflow tool carries it, so a list of 1,000 tools repeats it 1,000 times. */
    private static final String EXECUTION_PROPERTIES = """
            "execution_id": {"type": "string", "description": "for rpa_get_execution / rpa_cancel_execution"},
            "project_id": {"type": "string"},
            "status": {"type": "string", "enum": ["PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELLED"]},
            "result": {}, "error": {"type": ["string", "null"]}, "error_code": {"type": ["string", "null"]},
            "start_time": {"type": "string"}, "end_time": {"type": ["string", "null"]}, "hint": {"type": "string"}
            """;

    /** The result of a workflow tool and of the execution control tools. */
    static final String EXECUTION = """
            {"type": "object", "properties": {%s}, "required": ["execution_id", "project_id", "status"]}
            """.formatted(EXECUTION_PROPERTIES);

    private static final String WORKFLOW_PROPERTIES = """
            "project_id": {"type": "string"},
            "name": {"type": "string"},
            "english_name": {"type": ["string", "null"]},
            "description": {"type": ["string", "null"]},
            "version": {"type": "string"},
            "status": {"type": "integer", "enum": [0, 1], "description": "1 active (callable), 0 inactive"},
            "tool_name": {"type": "string", "description": "the MCP tool that runs it"}
            """;

    static final String LIST_WORKFLOWS_INPUT = """
            {"type": "object", "properties": {
              "q": {"type": "string", "maxLength": 100, "description": "part of the name or English name"},
              "status": {"type": "integer", "enum": [0, 1], "description": "1 active only, 0 inactive only"},
              "page_no": {"type": "integer", "minimum": 1, "default": 1},
              "page_size": {"type": "integer", "minimum": 1, "maximum": 100, "default": 100}},
             "additionalProperties": false}
            """;

    static final String LIST_WORKFLOWS_OUTPUT = """
            {"type": "object", "properties": {
              "total": {"type": "integer"}, "page_no": {"type": "integer"}, "page_size": {"type": "integer"},
              "workflows": {"type": "array", "items": {"type": "object", "properties": {%s},
                "required": ["project_id", "name", "status", "tool_name"]}}},
             "required": ["total", "page_no", "page_size", "workflows"]}
            """.formatted(WORKFLOW_PROPERTIES);

    static final String GET_WORKFLOW_INPUT = """
            {"type": "object", "properties": {"project_id": {"type": ["string", "integer"]}},
             "required": ["project_id"], "additionalProperties": false}
            """;

    static final String GET_WORKFLOW_OUTPUT = """
            {"type": "object", "properties": {"workflow": {"type": "object", "properties": {%s,
               "parameters": {"type": ["object", "null"], "description": "JSON Schema of the execution's params"}},
               "required": ["project_id", "name", "status", "tool_name"]}},
             "required": ["workflow"]}
            """.formatted(WORKFLOW_PROPERTIES);

    static final String START_EXECUTION_INPUT = """
            {"type": "object", "properties": {
              "project_id": {"type": ["string", "integer"]},
              "params": {"type": "object", "description": "the workflow's inputs; rpa_get_workflow shows their schema"},
              "idempotency_key": {"type": "string", "minLength": 1, "maxLength": 255,
                "description": "the same key and arguments within 24 h return the same execution instead of a new one"},
              "timeout_seconds": {"type": "integer", "minimum": 1, "maximum": 86400},
              "target": {"type": "object", "description": "which of your robots may run it (omit for any robot): an object with robot_id (one robot) or with labels (an object of label values, every pair matching)"}},
             "required": ["project_id"], "additionalProperties": false}
            """;

    static final String GET_EXECUTION_INPUT = """
            {"type": "object", "properties": {
              "execution_id": {"type": "string"},
              "wait_seconds": {"type": "integer", "minimum": 0, "maximum": 60, "default": 0,
                "description": "wait up to this long for the execution to finish"}},
             "required": ["execution_id"], "additionalProperties": false}
            """;

    static final String CANCEL_EXECUTION_INPUT = """
            {"type": "object", "properties": {"execution_id": {"type": "string"}},
             "required": ["execution_id"], "additionalProperties": false}
            """;

    static final String LIST_EXECUTIONS_INPUT = """
            {"type": "object", "properties": {
              "project_id": {"type": ["string", "integer"]},
              "status": {"type": "string", "enum": ["PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELLED"]},
              "page_no": {"type": "integer", "minimum": 1, "default": 1,
                          "description": "Pages by number reach the first 2000 executions; page further with cursor."},
              "page_size": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
              "cursor": {"type": "string", "maxLength": 200,
                         "description": "The next_cursor of the page before: this page starts after it (not with page_no)."}},
             "additionalProperties": false}
            """;

    static final String LIST_EXECUTIONS_OUTPUT = """
            {"type": "object", "properties": {
              "total": {"type": "integer"}, "page_no": {"type": "integer"}, "page_size": {"type": "integer"},
              "executions": {"type": "array", "items": %s},
              "next_cursor": {"type": ["string", "null"],
                              "description": "Pass as cursor for the next page; null on the last page."}},
             "required": ["total", "page_no", "page_size", "executions", "next_cursor"]}
            """.formatted(EXECUTION);

    static final String LIST_SCHEDULES_INPUT = """
            {"type": "object", "properties": {
              "page_no": {"type": "integer", "minimum": 1, "default": 1},
              "page_size": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
              "next": {"type": "integer", "minimum": 0, "maximum": 10, "default": 3,
                       "description": "How many coming fire times to show for each schedule."}},
             "additionalProperties": false}
            """;

    static final String LIST_SCHEDULES_OUTPUT = """
            {"type": "object", "properties": {
              "total": {"type": "integer"}, "page_no": {"type": "integer"}, "page_size": {"type": "integer"},
              "schedules": {"type": "array", "items": {"type": "object", "properties": {
                "id": {"type": "string"}, "project_id": {"type": "string"},
                "cron": {"type": ["string", "null"]}, "interval_seconds": {"type": ["integer", "null"]},
                "timezone": {"type": "string"}, "enabled": {"type": "boolean"},
                "paused_reason": {"type": ["string", "null"]}, "overlap": {"type": "string"},
                "next_fire_times": {"type": "array", "items": {"type": "object", "properties": {
                  "scheduled_at": {"type": "string"}, "local": {"type": "string"}, "fires_at": {"type": "string"}},
                  "required": ["scheduled_at", "local", "fires_at"]}}},
                "required": ["id", "project_id", "cron", "interval_seconds", "timezone", "enabled", "paused_reason",
                             "overlap", "next_fire_times"]}}},
             "required": ["total", "page_no", "page_size", "schedules"]}
            """;

    /** The integration contract's fixed tools (API.md §6a): inputs closed to other arguments. */
    static final String CONTRACT_NO_INPUT = """
            {"type": "object", "properties": {}, "required": [], "additionalProperties": false}""";
    static final String CONTRACT_EXECUTION_ID = """
            {"type": "object", "properties": {"executionId": {"type": "string", "minLength": 1, "maxLength": 36}},
             "required": ["executionId"], "additionalProperties": false}""";
    static final String CONTRACT_SNAPSHOT = """
            {"type": "object", "required": ["executionId", "projectId", "version", "status", "terminal", "acceptedAt",
              "startedAt", "finishedAt", "clientId", "runId", "cancelRequested", "result", "error", "supportsCancel",
              "resultVisibility"],
             "properties": {
              "executionId": {"type": "string"}, "projectId": {"type": "string"},
              "version": {"type": "integer", "minimum": 1},
              "status": {"enum": ["accepted", "running", "succeeded", "failed", "cancelled", "timeout", "unknown"]},
              "terminal": {"type": "boolean"}, "acceptedAt": {"type": ["string", "null"]},
              "startedAt": {"type": ["string", "null"]}, "finishedAt": {"type": ["string", "null"]},
              "clientId": {"type": ["string", "null"]}, "runId": {"type": ["string", "null"]},
              "cancelRequested": {"type": "boolean"}, "result": {},
              "error": {"type": ["object", "null"], "required": ["code", "message"],
                        "properties": {"code": {"type": "string"}, "message": {"type": "string"}}},
              "supportsCancel": {"type": "boolean"},
              "resultVisibility": {"enum": ["json", "suppressed-for-secret-inputs"]}},
             "additionalProperties": false}""";
    static final String CONTRACT_INTEGRATION = """
            {"type": "object", "required": ["contractVersion", "serviceVersion", "profileSchemaVersion",
              "requiredClientProtocol", "durableIdempotency", "operations", "capabilityClasses", "jsonLimits", "client",
              "limitations"],
             "properties": {
              "contractVersion": {"const": 1}, "serviceVersion": {"type": "string"},
              "profileSchemaVersion": {"const": 1}, "requiredClientProtocol": {"const": 1},
              "durableIdempotency": {"type": "boolean"},
              "operations": {"type": "array", "items": {"type": "string"}},
              "capabilityClasses": {"type": "array", "items": {"type": "string"}},
              "jsonLimits": {"type": ["object", "null"]},
              "client": {"type": "object", "required": ["state", "protocol", "supportsCancel"],
                         "properties": {"state": {"enum": ["ready", "offline", "unsupported"]},
                                        "protocol": {"type": ["integer", "null"]},
                                        "supportsCancel": {"type": "boolean"}}},
              "limitations": {"type": "array", "items": {"type": "string"}}},
             "additionalProperties": false}""";
    static final String CONTRACT_LIST_INPUT = """
            {"type": "object", "properties": {
              "offset": {"type": "integer", "minimum": 0, "default": 0},
              "limit": {"type": "integer", "minimum": 1, "maximum": 100, "default": 100}},
             "required": [], "additionalProperties": false}""";
    static final String CONTRACT_PROJECT_ID = """
            {"type": "object", "properties": {"projectId": {"type": "string", "minLength": 1, "maxLength": 100}},
             "required": ["projectId"], "additionalProperties": false}""";
    static final String CONTRACT_EXECUTE_INPUT = """
            {"type": "object", "properties": {
              "projectId": {"type": "string", "minLength": 1, "maxLength": 100},
              "version": {"type": "integer", "minimum": 1},
              "params": {"type": "object"},
              "idempotencyKey": {"type": "string", "minLength": 1, "maxLength": 200},
              "executionTimeout": {"type": "integer", "minimum": 1, "maximum": 86400},
              "capabilityClass": {"enum": ["json-data", "browser-read", "service-http-read", "service-database-read",
                                           "service-mail-read", "service-openapi-read", "service-shared-read"]},
              "profileRevision": {"type": "string", "minLength": 1, "maxLength": 100}},
             "required": ["projectId"], "additionalProperties": false}""";
    private static final String CONTRACT_SUMMARY_PROPERTIES = """
              "projectId": {"type": "string"}, "name": {"type": "string"}, "description": {"type": "string"},
              "version": {"type": "integer", "minimum": 1},
              "admission": {"type": "object", "required": ["allowed", "reason", "enforced"],
                            "properties": {"allowed": {"type": "boolean"}, "reason": {"type": ["string", "null"]},
                                           "enforced": {"type": ["boolean", "null"]}}},
              "capabilityClass": {"type": ["string", "null"]},
              "capabilities": {"type": ["array", "null"], "items": {"type": "string"}},
              "componentOperations": {"type": ["array", "null"], "items": {"type": "string"}},
              "allowedTransports": {"type": ["array", "null"], "items": {"enum": ["mcp", "rest"]}}""";
    private static final String CONTRACT_SUMMARY_REQUIRED = "\"projectId\", \"name\", \"description\", \"version\", "
            + "\"admission\", \"capabilityClass\", \"capabilities\", \"componentOperations\", \"allowedTransports\"";
    static final String CONTRACT_LIST_OUTPUT = """
            {"type": "object", "required": ["workflows", "nextOffset"],
             "properties": {
              "workflows": {"type": "array", "items": {"type": "object", "required": [%s],
                            "properties": {%s}, "additionalProperties": false}},
              "nextOffset": {"type": ["integer", "null"]}},
             "additionalProperties": false}""".formatted(CONTRACT_SUMMARY_REQUIRED, CONTRACT_SUMMARY_PROPERTIES);
    static final String CONTRACT_WORKFLOW = """
            {"type": "object", "required": [%s, "inputSchema", "supportsCancel", "profile"],
             "properties": {%s,
              "inputSchema": {"type": "object"}, "supportsCancel": {"type": "boolean"},
              "profile": {"type": "object", "required": ["schemaVersion", "projectId", "version", "inputSchemaHash",
                "revision", "admission", "jsonLimits", "resultVisibility"]}},
             "additionalProperties": false}""".formatted(CONTRACT_SUMMARY_REQUIRED, CONTRACT_SUMMARY_PROPERTIES);

    /** A refusal of a fixed tool, its {@code structuredContent} as the contract has it. */
    static final String CONTRACT_ERROR = """
            {"type": "object", "required": ["error"], "additionalProperties": false,
             "properties": {"error": {"type": "object", "required": ["code", "message"], "additionalProperties": false,
               "properties": {"code": {"type": "string", "pattern": "^[A-Z_]{3,64}$"}, "message": {"type": "string"}}}}}""";

    /**
     * A fixed tool's output schema: its payload, or a refusal. MCP clients validate {@code structuredContent} against
     * the output schema whether or not the result is an error (the official TypeScript SDK does), so a schema of the
     * payload alone would make every contract refusal an SDK failure instead of the code the client reads.
     */
    static String orContractError(String payload) {
        return "{\"type\": \"object\", \"anyOf\": [" + payload + ", " + CONTRACT_ERROR + "]}";
    }
}
