package org.astronrpa.openapi.simulator;

import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.core.util.Separators.Spacing;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/** JSON for the simulator: parsing, and writing frames byte-for-byte as the Python desktop client does. */
final class Json {
    static final JsonMapper MAPPER = JsonMapper.builder().build();

    /**
     * {@code json.dumps(..., ensure_ascii=True)}: {@code ": "} and {@code ", "} separators, no line breaks,
     * non-ASCII escaped as lower-case {@code \}{@code uXXXX} (the rpawebsocket client's format).
     */
    private static final ObjectWriter PYTHON = JsonMapper.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE, JsonWriteFeature.ESCAPE_FORWARD_SLASHES)
            .build()
            .writer()
            .with(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                            .withObjectNameValueSpacing(Spacing.AFTER)
                            .withObjectEntrySpacing(Spacing.AFTER)
                            .withArrayElementSpacing(Spacing.AFTER)
                            .withObjectEmptySeparator("")
                            .withArrayEmptySeparator(""))
                    .withObjectIndenter(new DefaultPrettyPrinter.NopIndenter())
                    .withArrayIndenter(new DefaultPrettyPrinter.NopIndenter()));

    private Json() {
    }

    /** The parsed value, or {@code null} when {@code text} is not JSON. */
    static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JacksonException e) {
            return null;
        }
    }

    static String python(JsonNode node) {
        return PYTHON.writeValueAsString(node);
    }

    static String compact(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    /** For log lines: at most {@code max} characters. */
    static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…(" + text.length() + " chars)";
    }
}
