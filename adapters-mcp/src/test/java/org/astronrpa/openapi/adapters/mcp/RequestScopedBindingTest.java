package org.astronrpa.openapi.adapters.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.server.transport.ServerHttpHeaderValidator;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The failure paths of MCP 2026-07-28's binding that a client cannot easily provoke over the wire (an unexpected
 * failure), and the edges of its checks, on servlet requests made here; the end-to-end test has the rest.
 */
class RequestScopedBindingTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final RequestContext CALLER = new RequestContext(Caller.asUser(new UserId("alice")), "req-1");

    private final Json json = new Json();
    /** Tool handlers without tools: any tools/list or tools/call fails unexpectedly (a NullPointerException). */
    private final ToolHandlers broken = new ToolHandlers(null, null, null, null, null, null, json, null);
    private final RequestScopedBinding binding = new RequestScopedBinding(List.of("2025-03-26", "2025-06-18",
            "2025-11-25"), ServerHttpHeaderValidator.NOOP, new MessageCheck(json, 1024), broken, json,
            new McpSchema.Implementation("rpa-openapi", "test", "1"), "instructions");

    /** A request's answer: status, headers, body. */
    private record Answer(int status, Map<String, String> headers, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private static HttpServletRequest request(String method, String body, String... headers) {
        Map<String, String> named = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < headers.length; i += 2) {
            named.put(headers[i], headers[i + 1]);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        ServletInputStream stream = new ServletInputStream() {
            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read() {
                return in.read();
            }
        };
        return (HttpServletRequest) Proxy.newProxyInstance(RequestScopedBindingTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, called, args) -> switch (called.getName()) {
                    case "getMethod" -> method;
                    case "getHeader" -> named.get((String) args[0]);
                    case "getHeaders" -> Collections.enumeration(named.containsKey((String) args[0])
                            ? List.of(named.get((String) args[0])) : List.of());
                    case "getHeaderNames" -> Collections.enumeration(named.keySet());
                    case "getContentLengthLong" -> (long) bytes.length;
                    case "getInputStream" -> stream;
                    default -> throw new UnsupportedOperationException(called.getName());
                });
    }

    private Answer answer(HttpServletRequest request) throws Exception {
        int[] status = {200};
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        StringWriter body = new StringWriter();
        PrintWriter writer = new PrintWriter(body);
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, called, args) -> {
                    switch (called.getName()) {
                        case "setStatus" -> status[0] = (int) args[0];
                        case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                        case "setContentType" -> headers.put("Content-Type", (String) args[0]);
                        case "setCharacterEncoding" -> {
                        }
                        case "getWriter" -> {
                            return writer;
                        }
                        default -> throw new UnsupportedOperationException(called.getName());
                    }
                    return null;
                });
        binding.answer(request, response, CALLER);
        writer.flush();
        return new Answer(status[0], headers, body.toString());
    }

    private static HttpServletRequest post(String body, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "MCP-Protocol-Version";
        all[1] = "2026-07-28";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return request("POST", body, all);
    }

    @Test
    void onlyRequestsWithoutASessionAndWithAVersionTheSessionsDoNotSpeakAreTheBindings() {
        assertTrue(binding.claims(request("POST", "", "MCP-Protocol-Version", "2026-07-28")));
        assertTrue(binding.claims(request("GET", "", "mcp-protocol-version", "2027-01-01")), "to refuse it: -32022");
        assertFalse(binding.claims(request("POST", "", "MCP-Protocol-Version", "2026-07-28", "Mcp-Session-Id", "s1")),
                "a request naming a session is the SDK's");
        assertFalse(binding.claims(request("POST", "", "MCP-Protocol-Version", "2025-11-25")));
        assertFalse(binding.claims(request("POST", "")), "an initialize of the older revisions sends no version");
    }

    @Test
    void anUnexpectedFailureIs500QuotingTheRequestIdAndNothingOfTheException() throws Exception {
        Answer failed = answer(post("{\"jsonrpc\": \"2.0\", \"id\": 4, \"method\": \"tools/list\"}",
                "Mcp-Method", "tools/list"));

        assertEquals(500, failed.status(), failed.body());
        assertEquals(-32603, failed.json().at("/error/code").asInt());
        assertEquals("internal error; quote request id req-1", failed.json().at("/error/message").asString());
        assertEquals(4, failed.json().path("id").asInt());
        assertFalse(failed.body().contains("Exception"), failed.body());
    }

    @Test
    void aJsonRpcResponseIsRefusedForTheServerSendsNoRequests() throws Exception {
        Answer refused = answer(post("{\"jsonrpc\": \"2.0\", \"id\": 9, \"result\": {}}", "Mcp-Method", "ping"));

        assertEquals(400, refused.status(), refused.body());
        assertEquals(-32600, refused.json().at("/error/code").asInt());
        assertEquals(9, refused.json().path("id").asInt());
    }

    @Test
    void metaThatIsNoObjectIsInvalidParams() throws Exception {
        Answer refused = answer(post("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"ping\", \"params\": "
                + "{\"_meta\": 7}}", "Mcp-Method", "ping"));

        assertEquals(400, refused.status(), refused.body());
        assertEquals(-32602, refused.json().at("/error/code").asInt());
        assertTrue(refused.json().at("/error/message").asString().contains("_meta"));
    }

    @Test
    void aRoutingHeaderInBase64IsComparedDecodedAndOneThatIsNoBase64IsAMismatch() throws Exception {
        Answer decoded = answer(post("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"ping\"}",
                "Mcp-Method", "=?base64?cGluZw==?="));
        Answer broken = answer(post("{\"jsonrpc\": \"2.0\", \"id\": 2, \"method\": \"ping\"}",
                "Mcp-Method", "=?base64?not base64!?="));

        assertEquals(200, decoded.status(), decoded.body());
        assertEquals("complete", decoded.json().at("/result/resultType").asString());
        assertEquals(400, broken.status(), broken.body());
        assertEquals(-32020, broken.json().at("/error/code").asInt());
    }

    @Test
    void aBodyLargerThanTheLimitIs413AsInASession() throws Exception {
        Answer tooLarge = answer(post("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"ping\", \"params\": {\"x\": \""
                + "a".repeat(2000) + "\"}}", "Mcp-Method", "ping"));

        assertEquals(413, tooLarge.status(), tooLarge.body());
        assertEquals("application/json", tooLarge.headers().get("Content-Type"));
    }
}
