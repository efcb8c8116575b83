package org.astronrpa.openapi.adapters.schema;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses caller text as one strict JSON document: no trailing content, no duplicate keys (which of two
 * {@code "type"} keys would win is exactly the ambiguity a schema must not have), no comments or NaN,
 * at most {@value #MAX_DEPTH} levels deep (so that nothing downstream recurses without bound), and
 * numbers kept exactly so that the compact re-serialisation says what the caller wrote.
 */
final class StrictJson {
    static final int MAX_DEPTH = 64;
    private static final int MAX_REASON_LENGTH = 160;

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private StrictJson() {
    }

    /** The outcome of reading text: a JSON value, or why the text is not one. */
    sealed interface Parsed {
        record Json(JsonNode node) implements Parsed {
        }

        record Unreadable(String reason) implements Parsed {
        }
    }

    static Parsed parse(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                return new Parsed.Unreadable("is not valid JSON: it is empty");
            }
            return new Parsed.Json(node);
        } catch (StreamConstraintsException e) {
            return new Parsed.Unreadable("nests deeper than " + MAX_DEPTH + " levels" + where(e.getLocation()));
        } catch (JacksonException e) {
            return new Parsed.Unreadable("is not valid JSON: " + shortReason(e) + where(e.getLocation()));
        }
    }

    /**
     * JSON the service wrote or checked before (a stored schema, a declaration, params already read): its tree.
     *
     * @param what what it is, for the failure that means it was corrupted since
     */
    static JsonNode stored(String text, String what) {
        if (!(parse(text) instanceof Parsed.Json(JsonNode node))) {
            throw new IllegalStateException(what + " is not JSON");
        }
        return node;
    }

    static String compact(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    private static String shortReason(JacksonException e) {
        String message = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage();
        String firstLine = message.lines().findFirst().orElse("unreadable").strip();
        return firstLine.length() <= MAX_REASON_LENGTH ? firstLine : firstLine.substring(0, MAX_REASON_LENGTH) + "…";
    }

    private static String where(TokenStreamLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
