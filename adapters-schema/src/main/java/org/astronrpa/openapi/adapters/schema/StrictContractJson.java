package org.astronrpa.openapi.adapters.schema;

import com.networknt.schema.Schema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.astronrpa.openapi.adapters.schema.StrictJson.Parsed;
import org.astronrpa.openapi.domain.integration.CapabilityClass;
import org.astronrpa.openapi.domain.integration.ContractJson;
import org.astronrpa.openapi.domain.integration.Declaration;
import org.astronrpa.openapi.domain.integration.JsonLimits;
import org.astronrpa.openapi.domain.shared.FieldErrors;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.Sha256;
import org.astronrpa.openapi.domain.workflow.IntegrationDeclaration;
import org.astronrpa.openapi.domain.workflow.ParametersSchema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link ContractJson} with Jackson and networknt's validator: the integration contract's declarations, input schemas,
 * limits and digests (docs/API.md §6a). Canonical JSON is compact with object keys sorted, as upstream hashes it.
 */
public final class StrictContractJson implements ContractJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The keywords the contract's schemas may use (§7 of upstream's contract), plus {@code $schema}. */
    static final Set<String> KEYWORDS = Set.of("$schema", "type", "properties", "required", "additionalProperties",
            "description", "title", "default", "enum", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
            "minLength", "maxLength", "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties", "items",
            "format", "writeOnly");
    static final Set<String> TYPES = Set.of("string", "integer", "number", "boolean", "array", "object");
    static final Set<String> FORMATS = Set.of("date", "date-time", "password");
    static final Set<String> FIELDS = Set.of("revision", "capabilities", "capabilityClass", "componentOperations",
            "outputSchema", "allowedTransports", "fileInputs", "fileOutputs", "requiresGui", "requiresHuman",
            "environment", "sideEffects", "risk", "executionType", "exclusiveTerminal", "supportScope", "allowed");
    private static final String F = "integration";
    private static final int MAX_LIST = 64;
    private static final int MAX_TEXT = 100;

    private final SchemaEngine engine = new SchemaEngine();
    private final CompiledSchemas compiled = new CompiledSchemas(64);

    @Override
    public IntegrationDeclaration declare(String text, ParametersSchema inputs) {
        if (text.getBytes(StandardCharsets.UTF_8).length > IntegrationDeclaration.MAX_BYTES) {
            throw InvalidInput.of(F, "must be at most " + IntegrationDeclaration.MAX_BYTES + " bytes of JSON");
        }
        JsonNode given = switch (StrictJson.parse(text)) {
            case Parsed.Unreadable(String reason) -> throw InvalidInput.of(F, reason);
            case Parsed.Json(JsonNode node) -> node;
        };
        if (!given.isObject()) {
            throw InvalidInput.of(F, "must be a JSON object (or null to remove the declaration)");
        }
        FieldErrors errors = new FieldErrors();
        for (String name : given.propertyNames()) {
            if (!FIELDS.contains(name)) {
                errors.add(F + "." + name, "is not a field of the declaration (fields: " + new java.util.TreeSet<>(FIELDS)
                        + ")");
            }
        }
        ObjectNode out = NODES.objectNode();
        out.put("revision", errors.collect(() -> text(given, "revision", true)));
        out.set("capabilities", errors.collect(() -> list(given, "capabilities", true, 1, null)));
        out.set("capabilityClass", errors.collect(() -> capabilityClass(given.get("capabilityClass"))));
        out.set("componentOperations", errors.collect(() -> list(given, "componentOperations", false, 0, null)));
        out.set("outputSchema", errors.collect(() -> outputSchema(given.get("outputSchema"))));
        JsonNode transports = errors.collect(() -> list(given, "allowedTransports", false, 1, Set.of("mcp", "rest")));
        out.set("allowedTransports", transports == null || transports.isNull()
                ? NODES.arrayNode().add("mcp") : transports);
        for (String flag : List.of("fileInputs", "fileOutputs", "requiresGui", "requiresHuman", "exclusiveTerminal")) {
            out.set(flag, errors.collect(() -> flag(given, flag)));
        }
        String environment = errors.collect(() -> text(given, "environment", false));
        out.set("environment", environment == null ? NODES.nullNode() : NODES.stringNode(environment));
        out.set("sideEffects", errors.collect(() -> list(given, "sideEffects", false, 0, null)));
        out.put("risk", errors.collect(() -> choice(given, "risk", Set.of("low", "medium", "high", "unknown"))));
        out.put("executionType", errors.collect(() -> choice(given, "executionType", Set.of("short", "long",
                "unknown"))));
        String scope = errors.collect(() -> choice(given, "supportScope", Set.of("controlled-validation")));
        out.set("supportScope", scope == null || scope.equals(Declaration.UNKNOWN) ? NODES.nullNode()
                : NODES.stringNode(scope));
        JsonNode allowed = errors.collect(() -> flag(given, "allowed"));
        out.put("allowed", allowed == null || allowed.isNull() || allowed.asBoolean());
        errors.throwIfAny();
        out.put("inputSchemaHash", inputSchemaHash(inputs));
        return new IntegrationDeclaration(canonical(out));
    }

    @Override
    public Declaration read(IntegrationDeclaration declaration) {
        JsonNode d = StrictJson.stored(declaration.json(), "a stored declaration");
        if (!d.isObject()) {
            throw new IllegalStateException("a stored declaration is not a JSON object");
        }
        return new Declaration(d.get("revision").asString(), d.get("inputSchemaHash").asString(),
                strings(d.get("capabilities")), d.get("capabilityClass").isNull() ? null
                : CapabilityClass.fromWire(d.get("capabilityClass").asString()).orElseThrow(),
                strings(d.get("componentOperations")), d.get("outputSchema").isNull() ? null
                : StrictJson.compact(d.get("outputSchema")), strings(d.get("allowedTransports")),
                bool(d.get("fileInputs")), bool(d.get("fileOutputs")), bool(d.get("requiresGui")),
                bool(d.get("requiresHuman")), d.get("environment").isNull() ? null : d.get("environment").asString(),
                strings(d.get("sideEffects")), d.get("risk").asString(), d.get("executionType").asString(),
                bool(d.get("exclusiveTerminal")), d.get("supportScope").isNull() ? null
                : d.get("supportScope").asString(), d.get("allowed").asBoolean());
    }

    @Override
    public String inputSchema(ParametersSchema inputs) {
        return StrictJson.compact(contractSchema(inputs));
    }

    @Override
    public String inputSchemaHash(ParametersSchema inputs) {
        return Sha256.hex(canonical(contractSchema(inputs)));
    }

    /** Ours, typed as an object, each secret's {@code default} and {@code enum} left out (they would disclose it). */
    private static JsonNode contractSchema(ParametersSchema inputs) {
        ObjectNode schema = inputs == null ? NODES.objectNode() : (ObjectNode) stored(inputs.json()).deepCopy();
        if (!schema.has("type")) {
            schema.put("type", "object");
        }
        if (!schema.has("properties")) {
            schema.set("properties", NODES.objectNode());
        }
        hideSecrets(schema);
        return schema;
    }

    private static void hideSecrets(JsonNode node) {
        if (node instanceof ObjectNode object && (object.path("writeOnly").asBoolean(false)
                || object.path("format").asString("").equals("password"))) {
            object.remove("default");
            object.remove("enum");
        }
        if (node.isContainer()) {
            for (JsonNode child : node.values()) {
                hideSecrets(child);
            }
        }
    }

    @Override
    public boolean expressible(ParametersSchema inputs) {
        return inputs == null || supported(stored(inputs.json()));
    }

    @Override
    public boolean supportedOutputSchema(String schemaJson) {
        return schemaJson == null || supported(stored(schemaJson));
    }

    /** Only the contract's keywords, types and formats, all the way down. */
    static boolean supported(JsonNode schema) {
        if (!schema.isObject()) {
            return false;
        }
        for (String keyword : schema.propertyNames()) {
            if (!KEYWORDS.contains(keyword)) {
                return false;
            }
        }
        JsonNode type = schema.get("type");
        if (type != null && !supportedType(type)) {
            return false;
        }
        JsonNode format = schema.get("format");
        if (format != null && !(format.isString() && FORMATS.contains(format.asString()))) {
            return false;
        }
        JsonNode properties = schema.get("properties");
        if (properties != null) {
            if (!properties.isObject()) {
                return false;
            }
            for (JsonNode property : properties.values()) {
                if (!supported(property)) {
                    return false;
                }
            }
        }
        JsonNode items = schema.get("items");
        if (items != null && !supported(items)) {
            return false;
        }
        JsonNode additional = schema.get("additionalProperties");
        return additional == null || additional.isBoolean() || supported(additional);
    }

    private static boolean supportedType(JsonNode type) {
        if (type.isString()) {
            return TYPES.contains(type.asString());
        }
        if (type.isArray() && type.size() == 2) {   // [T, "null"]
            return type.get(0).isString() && TYPES.contains(type.get(0).asString())
                    && type.get(1).isString() && type.get(1).asString().equals("null");
        }
        return false;
    }

    @Override
    public String withDefaults(ParametersSchema inputs, String paramsJson) {
        JsonNode params = stored(paramsJson);
        if (inputs == null || !(params instanceof ObjectNode object)) {
            return paramsJson;
        }
        JsonNode properties = stored(inputs.json()).path("properties");
        boolean changed = false;
        for (String name : properties.propertyNames()) {
            JsonNode fallback = properties.get(name).get("default");
            if (fallback != null && !object.has(name)) {
                object.set(name, fallback.deepCopy());
                changed = true;
            }
        }
        return changed ? StrictJson.compact(object) : paramsJson;
    }

    @Override
    public Optional<String> overLimits(String json, JsonLimits limits) {
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > limits.maxBytes()) {
            return Optional.of("is over " + limits.maxBytes() + " bytes of compact JSON");
        }
        return switch (StrictJson.parse(json)) {
            case Parsed.Unreadable(String reason) -> Optional.of("is not JSON");
            case Parsed.Json(JsonNode node) -> over(node, 1, limits);
        };
    }

    private static Optional<String> over(JsonNode node, int depth, JsonLimits limits) {
        if (depth > limits.maxDepth()) {
            return Optional.of("nests deeper than " + limits.maxDepth() + " levels");
        }
        if (node.isObject()) {
            if (node.size() > limits.maxObjectProperties()) {
                return Optional.of("has an object of more than " + limits.maxObjectProperties() + " properties");
            }
            for (var entry : node.properties()) {
                if (entry.getKey().codePointCount(0, entry.getKey().length()) > limits.maxStringLength()) {
                    return Optional.of("has a key longer than " + limits.maxStringLength() + " characters");
                }
                Optional<String> inner = over(entry.getValue(), depth + 1, limits);
                if (inner.isPresent()) {
                    return inner;
                }
            }
        } else if (node.isArray()) {
            if (node.size() > limits.maxArrayItems()) {
                return Optional.of("has an array of more than " + limits.maxArrayItems() + " items");
            }
            for (JsonNode item : node.values()) {
                Optional<String> inner = over(item, depth + 1, limits);
                if (inner.isPresent()) {
                    return inner;
                }
            }
        } else if (node.isString()) {
            String s = node.asString();
            if (s.codePointCount(0, s.length()) > limits.maxStringLength()) {
                return Optional.of("has a string longer than " + limits.maxStringLength() + " characters");
            }
        } else if (node.isNumber()) {
            if (node.isIntegralNumber() && (node.bigIntegerValue().abs()
                    .compareTo(java.math.BigInteger.valueOf(JsonLimits.MAX_SAFE_INTEGER)) > 0)) {
                return Optional.of("has an integer beyond ±(2^53−1)");
            }
            if (node.isFloatingPointNumber() && !Double.isFinite(node.asDouble())) {
                return Optional.of("has a number that is not finite");
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean resultFits(String resultJson, String outputSchemaJson, JsonLimits limits) {
        if (overLimits(resultJson, limits).isPresent()) {
            return false;
        }
        if (outputSchemaJson == null) {
            return true;
        }
        Schema schema = compiled.get(outputSchemaJson, text -> engine.compile(stored(text)));
        return engine.validate(schema, stored(resultJson)).isEmpty();
    }

    @Override
    public String digest(Map<String, Object> fields) {
        ObjectNode object = NODES.objectNode();
        fields.forEach((name, value) -> object.set(name, switch (value) {
            case null -> NODES.nullNode();
            case String s -> NODES.stringNode(s);
            case Long l -> NODES.numberNode(l);
            case Integer i -> NODES.numberNode(i);
            case Boolean b -> NODES.booleanNode(b);
            case RawJson raw -> stored(raw.text());
            default -> throw new IllegalArgumentException("not a digest value: " + value.getClass());
        }));
        return Sha256.hex(canonical(object));
    }

    /** Compact JSON with every object's keys sorted. */
    static String canonical(JsonNode node) {
        return StrictJson.compact(sorted(node));
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> byName = new TreeMap<>();
            node.properties().forEach(entry -> byName.put(entry.getKey(), sorted(entry.getValue())));
            ObjectNode out = NODES.objectNode();
            byName.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            var out = NODES.arrayNode();
            node.values().forEach(item -> out.add(sorted(item)));
            return out;
        }
        return node;
    }

    private static JsonNode stored(String json) {
        return StrictJson.stored(json, "stored JSON");
    }

    // ------------------------------------------------------------ the declaration's fields

    private static String text(JsonNode given, String name, boolean required) {
        JsonNode value = given.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                throw InvalidInput.of(F + "." + name, "is required");
            }
            return null;
        }
        if (!value.isString() || value.asString().isBlank() || value.asString().length() > MAX_TEXT) {
            throw InvalidInput.of(F + "." + name, "must be a string of 1.." + MAX_TEXT + " characters");
        }
        return value.asString();
    }

    private static JsonNode list(JsonNode given, String name, boolean required, int min, Set<String> choices) {
        JsonNode value = given.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                throw InvalidInput.of(F + "." + name, "is required");
            }
            return NODES.nullNode();
        }
        if (!value.isArray() || value.size() < min || value.size() > MAX_LIST) {
            throw InvalidInput.of(F + "." + name, "must be an array of " + min + ".." + MAX_LIST + " strings");
        }
        java.util.LinkedHashSet<String> seen = new java.util.LinkedHashSet<>();
        for (JsonNode item : value.values()) {
            if (!item.isString() || item.asString().isBlank() || item.asString().length() > MAX_TEXT
                    || (choices != null && !choices.contains(item.asString()))) {
                throw InvalidInput.of(F + "." + name, choices == null ? "must hold strings of 1.." + MAX_TEXT
                        + " characters" : "must hold only " + new java.util.TreeSet<>(choices));
            }
            seen.add(item.asString());
        }
        var out = NODES.arrayNode();
        seen.forEach(out::add);
        return out;
    }

    private static JsonNode capabilityClass(JsonNode value) {
        if (value == null || value.isNull()) {
            return NODES.nullNode();
        }
        Optional<CapabilityClass> known = value.isString() ? CapabilityClass.fromWire(value.asString())
                : Optional.empty();
        if (known.isEmpty()) {
            throw InvalidInput.of(F + ".capabilityClass", "must be one of the contract's capability classes");
        }
        if (known.get().isRead()) {
            throw InvalidInput.of(F + ".capabilityClass", "'" + known.get().wire() + "' is a read class, which this "
                    + "service does not serve (its reviewed read-only constraints are not implemented): only json-data");
        }
        return NODES.stringNode(known.get().wire());
    }

    private JsonNode outputSchema(JsonNode value) {
        if (value == null || value.isNull()) {
            return NODES.nullNode();
        }
        if (!value.isObject()) {
            throw InvalidInput.of(F + ".outputSchema", "must be a JSON Schema object");
        }
        try {
            engine.compile(value);
        } catch (InvalidInput bad) {
            throw InvalidInput.of(F + ".outputSchema", "is not a usable JSON Schema: " + bad.getMessage());
        }
        return value;
    }

    private static JsonNode flag(JsonNode given, String name) {
        JsonNode value = given.get(name);
        if (value == null || value.isNull()) {
            return NODES.nullNode();
        }
        if (!value.isBoolean()) {
            throw InvalidInput.of(F + "." + name, "must be true, false or null");
        }
        return value;
    }

    private static String choice(JsonNode given, String name, Set<String> choices) {
        JsonNode value = given.get(name);
        if (value == null || value.isNull()) {
            return Declaration.UNKNOWN;
        }
        if (!value.isString() || !choices.contains(value.asString())) {
            throw InvalidInput.of(F + "." + name, "must be one of " + new java.util.TreeSet<>(choices));
        }
        return value.asString();
    }

    private static List<String> strings(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        node.values().forEach(item -> out.add(item.asString()));
        return out;
    }

    private static Boolean bool(JsonNode node) {
        return node == null || node.isNull() ? null : node.asBoolean();
    }
}
