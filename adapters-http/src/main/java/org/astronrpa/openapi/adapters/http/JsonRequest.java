package org.astronrpa.openapi.adapters.http;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.astronrpa.openapi.domain.shared.FieldError;
import org.astronrpa.openapi.domain.shared.FieldErrors;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.JsonNodeType;

/**
 * A JSON object request body, read at most {@link HttpSettings#MAX_BODY_BYTES} bytes, strictly decoded as
 * UTF-8 and parsed; typed readers record wrong types under the field's name. Unknown fields are ignored.
 */
final class JsonRequest {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JsonRequest.class);
    /** The request attribute holding how long a body may stop arriving before it is refused with 408. */
    static final String BODY_TIMEOUT_ATTRIBUTE = "rpa.body_timeout";
    private final JsonNode body;
    private final ObjectMapper mapper;
    private final FieldErrors errors = new FieldErrors();

    private JsonRequest(JsonNode body, ObjectMapper mapper) {
        this.body = body;
        this.mapper = mapper;
    }

    /** Whether the request declares a body (a length above zero, or one sent in chunks): for bodies that may be left out. */
    static boolean hasBody(Context ctx) {
        return ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
    }

    static JsonRequest read(Context ctx, ObjectMapper mapper) {
        try {
            requireJsonContentType(ctx);
        } catch (ApiProblem refused) {
            dropUnread(ctx);   // its Content-Type refused: read and dropped first, as a too large body is
            throw refused;
        }
        String text = decode(readBounded(ctx));
        if (text.isBlank()) {
            throw ApiProblem.badRequest("a JSON object request body is required");
        }
        JsonNode node;
        try {
            node = mapper.readTree(text);
        } catch (JacksonException e) {
            throw ApiProblem.badRequest("the request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            throw new ApiProblem(422, "validation", "the request body must be a JSON object",
                    java.util.List.of(new org.astronrpa.openapi.domain.shared.FieldError("body", "must be a JSON object")));
        }
        List<FieldError> unpaired = UnpairedSurrogates.in(node);
        if (!unpaired.isEmpty()) {
            throw new InvalidInput(unpaired);
        }
        return new JsonRequest(node, mapper);
    }

    private static final Pattern JSON_MEDIA_TYPE = Pattern.compile("(?i)application/(?:[a-z0-9.+-]+\\+)?json");
    private static final Pattern CHARSET = Pattern.compile("(?i)^\\s*charset\\s*=\\s*\"?([^\";\\s]*)\"?\\s*$");

    /**
     * Only JSON is parsed as JSON: {@code application/json} or a {@code +json} type, in UTF-8; anything else is 415
     * naming the header, so that an HTML form or a {@code text/plain} request that a browser sends cross-site to a
     * cookie-authenticating gateway is never taken for an API call. A missing Content-Type is 415 too, except on
     * the original service's routes (API.md §7), whose clients may omit it as the original service allowed.
     */
    private static void requireJsonContentType(Context ctx) {
        String header = ctx.header("Content-Type");
        if (header == null || header.isBlank()) {
            if (Boolean.TRUE.equals(ctx.attribute(ErrorMapping.COMPAT_ATTRIBUTE))) {
                return;
            }
            throw unsupportedMediaType("no Content-Type was sent");
        }
        String[] parts = header.split(";");
        if (!JSON_MEDIA_TYPE.matcher(parts[0].strip()).matches()) {
            throw unsupportedMediaType("Content-Type " + printable(parts[0].strip()) + " was sent");
        }
        for (int i = 1; i < parts.length; i++) {
            Matcher charset = CHARSET.matcher(parts[i]);
            if (charset.matches() && !charset.group(1).equalsIgnoreCase("utf-8") && !charset.group(1).equalsIgnoreCase("utf8")) {
                throw unsupportedMediaType("charset " + printable(charset.group(1)) + " was sent; only UTF-8 is read");
            }
        }
    }

    private static ApiProblem unsupportedMediaType(String what) {
        return new ApiProblem(415, "bad_request", "the request body must be JSON sent with 'Content-Type: application/json' ("
                + what + "; with curl use --json or -H 'Content-Type: application/json')",
                List.of(new FieldError("Content-Type", "must be application/json")));
    }

    /** At most 100 printable ASCII characters of what the client sent, for the message. */
    private static String printable(String sent) {
        String cut = sent.length() > 100 ? sent.substring(0, 100) + "…" : sent;
        return "'" + cut.replaceAll("[^\\x20-\\x7E…]", "?") + "'";
    }

    /**
     * Reads at most {@link HttpSettings#MAX_BODY_BYTES}; a larger body is refused with 413 and never kept. Up to
     * {@link #DRAIN_BYTES} of it are read and dropped first, so that the client, still sending, can read the 413
     * (closing on unread data makes TCP reset the connection before the answer reaches it); a body declared
     * larger than that is refused without reading.
     */
    private static byte[] readBounded(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        Duration timeout = ctx.attribute(BODY_TIMEOUT_ATTRIBUTE);
        EndPoint endPoint = ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData()
                .getConnection().getEndPoint();
        long connectionTimeout = endPoint.getIdleTimeout();
        if (timeout != null) {
            endPoint.setIdleTimeout(timeout.toMillis());   // for the body only: keep-alive keeps Jetty's timeout
        }
        try (InputStream in = ctx.bodyInputStream()) {
            if (declared > HttpSettings.MAX_BODY_BYTES) {
                throw refuse(in, declared <= DRAIN_BYTES ? declared : 0);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
            byte[] chunk = new byte[8192];
            int read;
            while ((read = in.read(chunk)) != -1) {
                if (out.size() + read > HttpSettings.MAX_BODY_BYTES) {
                    throw refuse(in, DRAIN_BYTES - out.size() - read);
                }
                out.write(chunk, 0, read);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw incomplete(e, declared);
        } finally {
            endPoint.setIdleTimeout(connectionTimeout);
        }
    }

    /**
     * A body that stopped arriving: the client went silent past the body timeout (408, it may retry), or closed
     * its side before {@code Content-Length} bytes came (400). The client's fault, logged without a stack trace.
     */
    private static ApiProblem incomplete(IOException failure, long declared) {
        boolean timedOut = false;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            timedOut |= cause instanceof java.util.concurrent.TimeoutException;
        }
        String length = declared >= 0 ? "its Content-Length of " + declared + " bytes" : "its end";
        LOG.info("request body incomplete: {}", failure.toString());
        return timedOut
                ? new ApiProblem(408, "bad_request",
                        "the request body stopped arriving before " + length + " (HTTP_BODY_TIMEOUT_SECONDS)", List.of())
                : ApiProblem.badRequest("the request body ended before " + length);
    }

    /**
     * A request refused before its body was read (its Content-Type; no credentials, a missing scope, a spent budget):
     * its body, when it declares at most {@link #DRAIN_BYTES}, is read and dropped before the answer, so that a client still sending
     * reads the refusal instead of a reset connection.
     */
    static void dropUnread(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared <= 0 || declared > DRAIN_BYTES) {
            return;
        }
        try (InputStream in = ctx.bodyInputStream()) {
            drain(in, declared);
        } catch (IOException | RuntimeException gone) {
            // read already, or the client stopped sending: the answer goes out as far as it can
        }
    }

    /** How much of a refused body is read (and dropped) so that the 413 reaches the client. */
    static final long DRAIN_BYTES = 2L * HttpSettings.MAX_BODY_BYTES;

    private static ApiProblem refuse(InputStream in, long drainAtMost) throws IOException {
        drain(in, drainAtMost);
        return ApiProblem.tooLarge();
    }

    private static void drain(InputStream in, long atMost) throws IOException {
        byte[] chunk = new byte[8192];
        long left = atMost;
        int read;
        while (left > 0 && (read = in.read(chunk, 0, (int) Math.min(chunk.length, left))) != -1) {
            left -= read;
        }
    }

    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ApiProblem.badRequest("the request body is not valid UTF-8");
        }
    }

    private JsonNode value(String field) {
        JsonNode node = body.get(field);
        return node == null || node.isNull() ? null : node;
    }

    /** Whether the field was sent at all, {@code null} included (a PATCH's "clear this"). */
    boolean sent(String field) {
        return body.has(field);
    }

    /** Whether the field was sent with a non-null value. */
    boolean has(String field) {
        return value(field) != null;
    }

    /** A string field, or {@code null} when absent or null. */
    String text(String field) {
        JsonNode node = value(field);
        if (node == null) {
            return null;
        }
        if (!node.isString()) {
            errors.add(field, "must be a string");
            return null;
        }
        return node.stringValue();
    }

    /** A field that may be a string or an integer (ids that the original service took as numbers). */
    String textOrInteger(String field) {
        JsonNode node = value(field);
        if (node == null) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.asString();
        }
        if (!node.isString()) {
            errors.add(field, "must be a string or an integer");
            return null;
        }
        return node.stringValue();
    }

    /** An array of strings, or {@code null} when absent or null; a refusal names the element. */
    java.util.List<String> strings(String field) {
        JsonNode node = value(field);
        if (node == null) {
            return null;
        }
        if (!node.isArray()) {
            errors.add(field, "must be an array of strings");
            return null;
        }
        java.util.List<String> items = new java.util.ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isString()) {
                errors.add(field + "[" + i + "]", "must be a string");
                return null;
            }
            items.add(node.get(i).stringValue());
        }
        return items;
    }

    /** A boolean field, or {@code null} when absent or null. */
    Boolean bool(String field) {
        JsonNode node = value(field);
        if (node == null) {
            return null;
        }
        if (!node.isBoolean()) {
            errors.add(field, "must be true or false");
            return null;
        }
        return node.booleanValue();
    }

    /** An object of string values, or {@code null} when absent or null; a refusal names the member. */
    java.util.Map<String, String> stringMap(String field) {
        JsonNode node = value(field);
        return node == null ? null : stringMap(node, field);
    }

    private java.util.Map<String, String> stringMap(JsonNode node, String field) {
        if (!node.isObject()) {
            errors.add(field, "must be an object of strings");
            return null;
        }
        java.util.Map<String, String> pairs = new java.util.LinkedHashMap<>();
        for (var entry : node.properties()) {
            if (!entry.getValue().isString()) {
                errors.add(field + "." + entry.getKey(), "must be a string");
                return null;
            }
            pairs.put(entry.getKey(), entry.getValue().stringValue());
        }
        return pairs;
    }

    /** An integer field, or {@code null} when absent or null. */
    Long integer(String field) {
        JsonNode node = value(field);
        if (node == null) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            errors.add(field, "must be an integer");
            return null;
        }
        return node.longValue();
    }

    /**
     * Where an execution may run (API.md §3): absent or null for any robot of the caller, {@code {"robot_id": "…"}} or
     * {@code {"labels": {"k": "v", …}}}; a refusal names the member ({@code target.robot_id}, {@code target.labels.k}).
     */
    org.astronrpa.openapi.domain.robot.RobotTarget target(String field) {
        JsonNode node = value(field);
        if (node == null) {
            return org.astronrpa.openapi.domain.robot.RobotTarget.ANY;
        }
        if (!node.isObject()) {
            errors.add(field, "must be an object with robot_id or labels");
            return null;
        }
        for (String member : node.propertyNames()) {
            if (!member.equals("robot_id") && !member.equals("labels")) {
                errors.add(field + "." + member, "is not a member of a target (robot_id or labels)");
            }
        }
        JsonNode robot = node.get("robot_id");
        JsonNode labels = node.get("labels");
        boolean hasRobot = robot != null && !robot.isNull();
        boolean hasLabels = labels != null && !labels.isNull();
        if (hasRobot == hasLabels) {
            errors.add(field, hasRobot ? "names either robot_id or labels, not both"
                    : "must name robot_id or labels (omit target for any robot)");
            return null;
        }
        if (hasRobot) {
            if (!robot.isString()) {
                errors.add(field + ".robot_id", "must be a string");
                return null;
            }
            return errors.collect(() -> org.astronrpa.openapi.domain.robot.RobotTarget.robot(
                    new org.astronrpa.openapi.domain.robot.RobotId(
                            org.astronrpa.openapi.domain.robot.RobotId.of(field + ".robot_id", robot.stringValue()))));
        }
        java.util.Map<String, String> pairs = stringMap(labels, field + ".labels");
        if (pairs == null) {
            return null;
        }
        return errors.collect(() -> new org.astronrpa.openapi.domain.robot.RobotTarget(null,
                org.astronrpa.openapi.domain.robot.RobotLabels.of(field + ".labels", pairs)));
    }

    /** A {@code callback} object's members as sent: its {@code url} and {@code events} (null: absent). */
    record CallbackFields(String url, java.util.List<String> events) {
    }

    /**
     * The callback object {@code field} ({@code {"url": …, "events": […]}}), its members' types checked and named
     * ({@code callback.url}, {@code callback.events[i]}); {@code null} when absent or refused.
     */
    CallbackFields callback(String field) {
        JsonNode node = value(field);
        if (node == null) {
            return null;
        }
        if (!node.isObject()) {
            errors.add(field, "must be an object with url and, optionally, events");
            return null;
        }
        for (String member : node.propertyNames()) {
            if (!member.equals("url") && !member.equals("events")) {
                errors.add(field + "." + member, "is not a member of a callback (url, events)");
            }
        }
        JsonNode url = node.get("url");
        if (url != null && !url.isNull() && !url.isString()) {
            errors.add(field + ".url", "must be a string");
            return null;
        }
        JsonNode events = node.get("events");
        java.util.List<String> named = null;
        if (events != null && !events.isNull()) {
            if (!events.isArray()) {
                errors.add(field + ".events", "must be an array of strings");
                return null;
            }
            named = new java.util.ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                if (!events.get(i).isString()) {
                    errors.add(field + ".events[" + i + "]", "must be a string");
                    return null;
                }
                named.add(events.get(i).stringValue());
            }
        }
        return new CallbackFields(url == null || url.isNull() ? null : url.stringValue(), named);
    }

    /** A JSON object, or a string holding one, as compact JSON text; {@code null} when absent. */
    String objectOrJsonText(String field) {
        JsonNode node = value(field);
        if (node == null) {
            return null;
        }
        if (node.getNodeType() == JsonNodeType.OBJECT) {
            return mapper.writeValueAsString(node);
        }
        if (node.isString()) {
            return node.stringValue();
        }
        errors.add(field, "must be a JSON object, or a string holding one");
        return null;
    }

    /**
     * A JSON object, or a string holding one, as compact JSON text (the string is parsed and checked here);
     * {@code null} when absent.
     */
    String object(String field) {
        JsonNode node = value(field);
        if (node == null) {
            return null;
        }
        if (node.isString()) {
            try {
                node = mapper.readTree(node.stringValue());
            } catch (JacksonException e) {
                errors.add(field, "must be a JSON object, or a string holding one (the string is not JSON)");
                return null;
            }
        }
        if (node == null || !node.isObject()) {
            errors.add(field, "must be a JSON object, or a string holding one");
            return null;
        }
        if (!UnpairedSurrogates.in(node).isEmpty()) {
            errors.add(field, UnpairedSurrogates.MESSAGE);
            return null;
        }
        return mapper.writeValueAsString(node);
    }

    /** The names of the fields sent, in their order. */
    java.util.List<String> fieldNames() {
        java.util.List<String> names = new java.util.ArrayList<>();
        body.propertyNames().forEach(names::add);
        return names;
    }

    /** Any JSON value as compact text, or {@code null} when absent or null. */
    String json(String field) {
        JsonNode node = value(field);
        return node == null ? null : mapper.writeValueAsString(node);
    }

    /** Fails with every wrong-typed field named, if there were any. */
    void requireWellTyped() {
        errors.throwIfAny();
    }

    /**
     * The wrong-typed fields so far, to which the caller adds the fields whose values break the rules, so that
     * one answer names all of them.
     */
    FieldErrors errors() {
        return errors;
    }
}
