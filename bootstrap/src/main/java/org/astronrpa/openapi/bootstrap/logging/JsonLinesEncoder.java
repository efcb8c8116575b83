package org.astronrpa.openapi.bootstrap.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import org.slf4j.event.KeyValuePair;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * One JSON object per line with the field names log pipelines (Elastic/ECS, Loki, Datadog, Cloud Logging) read
 * without mapping: {@code @timestamp} (ISO-8601, UTC, milliseconds), {@code level}, {@code logger}, {@code thread},
 * {@code message}, {@code request_id} and the other log-context values, the event's key-value pairs (an access
 * line's {@code user_id}, {@code client_ip}, {@code status}, {@code duration_ms}, …) and {@code stack_trace}.
 * Messages, string values and stack traces pass through {@link Redaction}.
 */
public final class JsonLinesEncoder extends EncoderBase<ILoggingEvent> {
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] NOTHING = new byte[0];
    /** Fields of the line itself: a log-context value or key-value pair of the same name is left out. */
    private static final Set<String> RESERVED = Set.of("@timestamp", "level", "logger", "thread", "message", "stack_trace");

    @Override
    public byte[] headerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] footerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        StringWriter line = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), line)) {
            json.writeStartObject();
            json.writeStringProperty("@timestamp", DateTimeFormatter.ISO_INSTANT.format(
                    Instant.ofEpochMilli(event.getTimeStamp()).truncatedTo(ChronoUnit.MILLIS)));
            json.writeStringProperty("level", event.getLevel().toString());
            json.writeStringProperty("logger", event.getLoggerName());
            json.writeStringProperty("thread", event.getThreadName());
            json.writeStringProperty("message", Redaction.apply(event.getFormattedMessage()));
            Map<String, String> context = event.getMDCPropertyMap();
            if (context != null) {
                context.forEach((key, value) -> {
                    if (!RESERVED.contains(key)) {
                        json.writeStringProperty(key, Redaction.apply(value));
                    }
                });
            }
            if (event.getKeyValuePairs() != null) {
                for (KeyValuePair pair : event.getKeyValuePairs()) {
                    if (pair.key != null && !RESERVED.contains(pair.key) && (context == null || !context.containsKey(pair.key))) {
                        writeValue(json, pair.key, pair.value);
                    }
                }
            }
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                json.writeStringProperty("stack_trace", Redaction.apply(ThrowableProxyUtil.asString(thrown)));
            }
            json.writeEndObject();
        }
        line.append('\n');
        return line.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void writeValue(JsonGenerator json, String key, Object value) {
        switch (value) {
            case null -> json.writeNullProperty(key);
            case Integer number -> json.writeNumberProperty(key, number);
            case Long number -> json.writeNumberProperty(key, number);
            case Double number -> json.writeNumberProperty(key, number);
            case Float number -> json.writeNumberProperty(key, number);
            case Boolean flag -> json.writeBooleanProperty(key, flag);
            default -> json.writeStringProperty(key, Redaction.apply(value.toString()));
        }
    }
}
