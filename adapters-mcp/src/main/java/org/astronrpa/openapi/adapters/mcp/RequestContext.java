package org.astronrpa.openapi.adapters.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.Map;
import org.astronrpa.openapi.application.auth.Caller;

/**
 * What {@link CallerFilter} learnt about an HTTP request (the caller, the request id), carried to the tool
 * handlers through the SDK's transport context.
 */
record RequestContext(Caller caller, String requestId) {
    static final String CALLER_ATTRIBUTE = "rpa.mcp.caller";
    static final String REQUEST_ID_ATTRIBUTE = "rpa.mcp.request_id";
    private static final String KEY = "rpa.request";

    /** The transport's context extractor: runs for every request the filter let through. */
    static McpTransportContext extract(HttpServletRequest request) {
        Map<String, Object> values = new HashMap<>();
        if (request.getAttribute(CALLER_ATTRIBUTE) instanceof Caller caller) {
            values.put(KEY, new RequestContext(caller, String.valueOf(request.getAttribute(REQUEST_ID_ATTRIBUTE))));
        }
        return McpTransportContext.create(values);
    }

    /** The request id of a handler's request, for a message; {@code -} when it has none. */
    static String requestId(McpTransportContext context) {
        return context != null && context.get(KEY) instanceof RequestContext request ? request.requestId() : "-";
    }

    /** The context of a handler's request; a request that bypassed the filter is refused. */
    static RequestContext of(McpTransportContext context) {
        if (context != null && context.get(KEY) instanceof RequestContext request) {
            return request;
        }
        throw McpError.builder(McpSchema.ErrorCodes.INVALID_REQUEST).message("unauthenticated request").build();
    }
}
