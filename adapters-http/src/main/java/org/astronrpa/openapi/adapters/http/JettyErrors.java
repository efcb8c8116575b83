package org.astronrpa.openapi.adapters.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.ObjectMapper;

/**
 * Answers the requests Jetty refuses before Javalin sees them (malformed URIs or headers 400, URI too long 414,
 * headers too large 431, HTTP/2 without upgrade 426, unknown HTTP version 505) in the error envelope with an
 * {@code X-Request-ID}, instead of Jetty's HTML page — for every method, not only GET and POST.
 */
final class JettyErrors extends ErrorHandler {
    private final ObjectMapper mapper;

    JettyErrors(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Jetty writes an error body only for GET, POST and HEAD by default; ours is the same for every method. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        String requestId = UUID.randomUUID().toString();
        response.getHeaders().put(RequestIds.HEADER, requestId);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        // Jetty closes the connection after such a refusal; say so, or a keep-alive client sends into the void
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.write(true, ByteBuffer.wrap(body(code, message, requestId)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        String requestId = UUID.randomUUID().toString();
        fields.put(RequestIds.HEADER, requestId);
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        fields.put(HttpHeader.CONNECTION, "close");   // the rest of what the client sent is not a request to parse
        return ByteBuffer.wrap(body(status, reason, requestId));
    }

    private byte[] body(int status, String message, String requestId) {
        String type = switch (status) {
            case 404 -> "not_found";
            case 413 -> "payload_too_large";
            case 503 -> "unavailable";   // refused while the server stops: retry, on another instance if any
            case 505 -> "bad_request";   // the client's HTTP version, not a fault of ours
            default -> status >= 500 ? "internal" : "bad_request";
        };
        String sentence = "the request was refused by the HTTP layer (" + status
                + (message == null || message.isBlank() ? "" : ": " + message) + ")";
        ApiProblem problem = new ApiProblem(status, type, sentence, List.of());
        return mapper.writeValueAsString(Envelope.Failure.of(problem, requestId)).getBytes(StandardCharsets.UTF_8);
    }
}
