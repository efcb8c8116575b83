package org.astronrpa.openapi.adapters.http;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generates JSON values from the JSON Schemas of openapi.json: values the schema allows, and values that break
 * it in one place (a wrong type, a length or range just outside, a missing required member). Strings are drawn
 * from an alphabet that includes what breaks services: control characters, line separators, unpaired
 * surrogates, emoji, quotes and percent signs.
 */
final class SchemaValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 3;
    private final Function<JsonNode, JsonNode> resolve;
    private final java.util.Map<String, List<String>> known;

    /**
     * @param known values that exist on the server, by member name ({@code project_id}): a valid value is one of
     *              them half of the time, so that valid requests get past lookups
     */
    SchemaValues(Function<JsonNode, JsonNode> resolve, java.util.Map<String, List<String>> known) {
        this.resolve = resolve;
        this.known = known;
    }

    /** Characters a caller may send: mostly plain, sometimes hostile. */
    static Arbitrary<Character> character() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(12, Arbitraries.chars().alpha().numeric().with('-', '_', '.')),
                net.jqwik.api.Tuple.of(2, Arbitraries.chars().with(' ', '"', '\'', '\\', '/', '%', '?', '#', '&', '=', '<', '{')),
                net.jqwik.api.Tuple.of(2, Arbitraries.chars().with('é', 'ß', '中', 'Ω', '\u00a0', '\u200b', '\ufeff', '\u202e')),
                net.jqwik.api.Tuple.of(1, Arbitraries.chars().with('\t', '\n', '\r', '\u0000', '\u001b', '\u007f', '\u0085',
                        '\u2028', '\u2029')),
                net.jqwik.api.Tuple.of(1, Arbitraries.chars().with('\ud800', '\udc00', '\udbff', '\udfff')));
    }

    /** {@code min..max} code points; now and then one of them an emoji outside the BMP. */
    static Arbitrary<String> text(int min, int max) {
        Arbitrary<String> plain = chars(min, max);
        if (max < 1 || max <= min) {
            return plain;
        }
        Arbitrary<String> withEmoji = chars(Math.max(0, min - 1), max - 1).map(s -> s + "\ud83e\udd16");
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, plain), net.jqwik.api.Tuple.of(1, withEmoji));
    }

    private static Arbitrary<String> chars(int min, int max) {
        return character().list().ofMinSize(min).ofMaxSize(max).map(list -> {
            StringBuilder text = new StringBuilder(list.size());
            list.forEach(text::append);
            return text.toString();
        });
    }

    /** A value the schema allows. */
    Arbitrary<JsonNode> valid(JsonNode schema) {
        return valid(schema, 0);
    }

    private Arbitrary<JsonNode> valid(JsonNode schema, int depth) {
        schema = resolve.apply(schema);
        if (schema.has("oneOf") || schema.has("anyOf")) {
            List<Arbitrary<JsonNode>> choices = new ArrayList<>();
            (schema.has("oneOf") ? schema.get("oneOf") : schema.get("anyOf")).forEach(sub -> choices.add(valid(sub, depth + 1)));
            return Arbitraries.oneOf(choices);
        }
        if (schema.has("enum")) {
            List<JsonNode> values = new ArrayList<>();
            schema.get("enum").forEach(values::add);
            return Arbitraries.of(values);
        }
        if (schema.has("examples") && schema.path("type").asString("").equals("string") && schema.has("pattern")) {
            List<JsonNode> values = new ArrayList<>();
            schema.get("examples").forEach(values::add);
            return Arbitraries.of(values);
        }
        List<String> types = types(schema);
        JsonNode s = schema;
        return Arbitraries.of(types).flatMap(type -> validOfType(type, s, depth));
    }

    private Arbitrary<JsonNode> validOfType(String type, JsonNode schema, int depth) {
        return switch (type) {
            case "string" -> validString(schema);
            case "integer" -> {
                long min = schema.path("minimum").asLong(-1_000_000);
                long max = schema.path("maximum").asLong(Math.max(min, 0) + 1_000_000);
                yield Arbitraries.longs().between(min, max).map(NODES::numberNode);
            }
            case "number" -> Arbitraries.doubles().between(-1e6, 1e6).map(NODES::numberNode);
            case "boolean" -> Arbitraries.of(true, false).map(NODES::booleanNode);
            case "null" -> Arbitraries.just(NODES.nullNode());
            case "array" -> depth >= MAX_DEPTH ? Arbitraries.just(NODES.arrayNode())
                    : valid(schema.path("items").isMissingNode() ? NODES.objectNode() : schema.get("items"), depth + 1)
                            .list().ofMaxSize(3).map(items -> NODES.arrayNode().addAll(items));
            default -> validObject(schema, depth);
        };
    }

    private Arbitrary<JsonNode> validString(JsonNode schema) {
        if ("application/json".equals(schema.path("contentMediaType").asString(null))) {
            return anyObject(1).map(node -> NODES.stringNode(TestApi.JSON.writeValueAsString(node)));
        }
        if ("date-time".equals(schema.path("format").asString(null))) {
            return Arbitraries.longs().between(-86_400L * 400, 86_400L * 400)
                    .map(offset -> NODES.stringNode(java.time.Instant.now().plusSeconds(offset)
                            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()));
        }
        int min = schema.path("minLength").asInt(0);
        int max = Math.min(schema.path("maxLength").asInt(min + 30), min + 30);
        return text(min, max).map(NODES::stringNode);
    }

    private Arbitrary<JsonNode> validObject(JsonNode schema, int depth) {
        JsonNode properties = schema.path("properties");
        if (properties.isMissingNode() || properties.isEmpty()) {
            return anyObject(depth);
        }
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(name -> required.add(name.asString()));
        List<Arbitrary<java.util.Optional<JsonNode>>> members = new ArrayList<>();
        List<String> names = new ArrayList<>(properties.propertyNames());
        for (String name : names) {
            Arbitrary<JsonNode> value = valid(properties.get(name), depth + 1);
            if (depth == 0 && known.containsKey(name)) {
                value = Arbitraries.oneOf(value, Arbitraries.of(known.get(name)).map(NODES::stringNode));
            }
            members.add(required.contains(name) ? value.map(java.util.Optional::of) : value.optional(0.6));
        }
        return Combinators.combine(members).as(values -> {
            ObjectNode object = NODES.objectNode();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                values.get(i).ifPresent(value -> object.set(name, value));
            }
            return object;
        });
    }

    /** A small JSON object of any shape. */
    Arbitrary<JsonNode> anyObject(int depth) {
        Arbitrary<JsonNode> leaf = Arbitraries.oneOf(
                text(0, 12).map(NODES::stringNode),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.just(NODES.nullNode()));
        Arbitrary<JsonNode> value = depth >= MAX_DEPTH ? leaf
                : Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, leaf), net.jqwik.api.Tuple.of(1, Arbitraries.lazy(() -> anyObject(depth + 1))));
        return Arbitraries.maps(text(0, 8), value).ofMaxSize(4).map(map -> {
            ObjectNode object = NODES.objectNode();
            map.forEach(object::set);
            return object;
        });
    }

    /** A value that breaks the schema, or for an object schema, an object that breaks it in one member. */
    Arbitrary<JsonNode> invalid(JsonNode schema) {
        return invalid(schema, 0);
    }

    private Arbitrary<JsonNode> invalid(JsonNode schema, int depth) {
        JsonNode s = resolve.apply(schema);
        List<Arbitrary<JsonNode>> breaks = new ArrayList<>();
        breaks.add(wrongType(types(s)));
        if (types(s).contains("string") && !s.has("enum")) {
            int min = s.path("minLength").asInt(0);
            if (min > 0) {
                breaks.add(Arbitraries.just(NODES.stringNode("")));
                breaks.add(Arbitraries.just(NODES.stringNode("   ")));
            }
            if (s.has("maxLength")) {
                int max = s.get("maxLength").asInt();
                breaks.add(Arbitraries.just(NODES.stringNode("x".repeat(Math.min(max + 1, 200_000)))));
            }
        }
        if (types(s).contains("integer")) {
            breaks.add(Arbitraries.of(NODES.numberNode(new BigInteger("123456789012345678901234567890")),
                    NODES.numberNode(1.5), NODES.numberNode(Long.MIN_VALUE), NODES.numberNode(Long.MAX_VALUE)));
            if (s.has("minimum")) {
                breaks.add(Arbitraries.just(NODES.numberNode(s.get("minimum").asLong() - 1)));
            }
            if (s.has("maximum")) {
                breaks.add(Arbitraries.just(NODES.numberNode(s.get("maximum").asLong() + 1)));
            }
        }
        if (s.has("enum")) {
            breaks.add(text(1, 10).map(NODES::stringNode));
        }
        if (types(s).contains("object") && s.has("properties") && depth < MAX_DEPTH) {
            breaks.add(objectBrokenInOneMember(s, depth));
        }
        return Arbitraries.oneOf(breaks);
    }

    private Arbitrary<JsonNode> objectBrokenInOneMember(JsonNode schema, int depth) {
        List<String> names = new ArrayList<>(schema.get("properties").propertyNames());
        return Combinators.combine(validObject(schema, depth), Arbitraries.of(names), Arbitraries.integers().between(0, 2))
                .flatAs((object, name, how) -> switch (how) {
                    case 0 -> Arbitraries.just(without(object, name));
                    case 1 -> Arbitraries.just(with(object, name, NODES.nullNode()));
                    default -> invalid(schema.get("properties").get(name), depth + 1).map(bad -> with(object, name, bad));
                });
    }

    private static JsonNode without(JsonNode object, String name) {
        ObjectNode copy = (ObjectNode) object.deepCopy();
        copy.remove(name);
        return copy;
    }

    private static JsonNode with(JsonNode object, String name, JsonNode value) {
        ObjectNode copy = (ObjectNode) object.deepCopy();
        copy.set(name, value);
        return copy;
    }

    private Arbitrary<JsonNode> wrongType(List<String> allowed) {
        List<Arbitrary<JsonNode>> others = new ArrayList<>();
        if (!allowed.contains("string")) {
            others.add(text(0, 10).map(NODES::stringNode));
        }
        if (!allowed.contains("integer") && !allowed.contains("number")) {
            others.add(Arbitraries.longs().map(NODES::numberNode));
        }
        if (!allowed.contains("boolean")) {
            others.add(Arbitraries.of(true, false).map(NODES::booleanNode));
        }
        if (!allowed.contains("array")) {
            others.add(Arbitraries.just(NODES.arrayNode().add(1).add("x")));
        }
        if (!allowed.contains("object")) {
            others.add(anyObject(MAX_DEPTH - 1));
        }
        if (!allowed.contains("null")) {
            others.add(Arbitraries.just(NODES.nullNode()));
        }
        return Arbitraries.oneOf(others);
    }

    private static List<String> types(JsonNode schema) {
        JsonNode type = schema.path("type");
        List<String> types = new ArrayList<>();
        if (type.isArray()) {
            type.forEach(t -> types.add(t.asString()));
        } else if (type.isString()) {
            types.add(type.asString());
        } else if (schema.has("oneOf") || schema.has("anyOf")) {
            (schema.has("oneOf") ? schema.get("oneOf") : schema.get("anyOf")).forEach(sub -> types.addAll(types(sub)));
        } else {
            types.add(schema.has("properties") ? "object" : "string");
        }
        return types;
    }
}
