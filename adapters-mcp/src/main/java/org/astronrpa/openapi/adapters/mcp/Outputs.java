package org.astronrpa.openapi.adapters.mcp;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.workflow.Workflow;

/** The structured content of tool results: executions and workflows as the output schemas describe them. */
final class Outputs {
    private static final DateTimeFormatter WIRE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final Json json;

    Outputs(Json json) {
        this.json = json;
    }

    /** {@link Schemas#EXECUTION}; an unfinished execution also gets a hint on how to follow it. */
    Map<String, Object> execution(Execution e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("execution_id", e.id().value());
        out.put("project_id", e.projectId().value());
        out.put("status", e.status().name());
        out.put("result", e.resultJson() == null ? null : json.value(e.resultJson()));
        out.put("error", e.error());
        out.put("error_code", e.errorCode() == null ? null : e.errorCode().name());
        out.put("start_time", time(e.startTime()));
        out.put("end_time", time(e.endTime()));
        if (!e.status().isTerminal()) {
            // the very call to make, so that an agent follows it rather than starting the workflow again
            out.put("hint", "The execution is still " + e.status().name() + " and goes on: to get its result, "
                    + "call rpa_get_execution with {\"execution_id\": \"" + e.id().value() + "\", \"wait_seconds\": 60}"
                    + " (again while it is not finished); rpa_cancel_execution stops it.");
        }
        return out;
    }

    /** A workflow as {@code rpa_list_workflows} lists it. */
    Map<String, Object> workflowSummary(Workflow w) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("project_id", w.projectId().value());
        out.put("name", w.name());
        out.put("english_name", w.englishName());
        out.put("description", w.description());
        out.put("version", w.version());
        out.put("status", w.status().code());
        out.put("tool_name", w.toolName().value());
        return out;
    }

    /** A workflow with its parameters schema, as {@code rpa_get_workflow} answers it. */
    Map<String, Object> workflow(Workflow w) {
        Map<String, Object> out = workflowSummary(w);
        out.put("parameters", w.parameters() == null ? null : json.object(w.parameters().json()));
        return out;
    }

    private static String time(Instant instant) {
        return instant == null ? null : WIRE.format(instant);
    }
}
