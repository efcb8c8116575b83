package org.astronrpa.openapi.adapters.http;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The hand-written {@code openapi.json} as a test oracle: which operations it documents, and whether a real
 * response (status, body) is what it documents for the route. Schemas are validated with JSON Schema 2020-12
 * by resolving pointers into the document itself, so {@code $ref}s to components work unchanged.
 */
final class OpenApiContract {
    static final OpenApiContract INSTANCE = new OpenApiContract();

    private final ObjectNode document;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();
    private final List<Template> templates = new ArrayList<>();

    private record Template(String path, Pattern pattern, int literalLength) {
    }

    private OpenApiContract() {
        try (InputStream in = OpenApiContract.class.getClassLoader().getResourceAsStream("openapi/openapi.json")) {
            document = (ObjectNode) TestApi.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        document.get("paths").propertyNames().forEach(path -> templates.add(new Template(path,
                Pattern.compile("^" + path.replaceAll("\\{[^/]+}", "[^/]+") + "$"),
                path.replaceAll("\\{[^/]+}", "").length())));
        templates.sort(Comparator.comparingInt(Template::literalLength).reversed());
    }

    JsonNode document() {
        return document;
    }

    /** Every documented operation as {@code "GET /workflows/{project_id}"}. */
    List<String> operations() {
        List<String> operations = new ArrayList<>();
        document.get("paths").properties().forEach(path -> path.getValue().propertyNames().forEach(method -> {
            if (method.matches("get|put|post|delete|patch|head|options")) {
                operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        return operations;
    }

    /** The documented path template a concrete request path falls under, or null. */
    String templateOf(String requestPath) {
        return templates.stream().filter(t -> t.pattern.matcher(requestPath).matches())
                .map(Template::path).findFirst().orElse(null);
    }

    /** Fails when the response is not documented for this route and status, or its JSON body breaks the schema. */
    void check(String method, String requestPath, int status, String contentType, String body) {
        if (method.equals("HEAD")) {
            // HEAD is GET without the body (RFC 9110 §9.3.2): documented through GET, nothing to validate
            check("GET", requestPath, status, null, "");
            return;
        }
        if (requestPath.startsWith("/webjars/") || requestPath.equals("/docs/init.js")) {
            return; // static assets of the documentation pages, not part of the API
        }
        String template = templateOf(requestPath);
        if (template == null) {
            if (status == 404 || status == 405) {
                return;
            }
            throw new AssertionError("undocumented path " + requestPath + " answered " + status);
        }
        String operationPointer = "/paths/" + escape(template) + "/" + method.toLowerCase(Locale.ROOT);
        JsonNode operation = document.at(operationPointer);
        if (operation.isMissingNode()) {
            if (status == 405) {
                return;
            }
            throw new AssertionError(method + " " + template + " is not documented but answered " + status);
        }
        String responsePointer = operationPointer + "/responses/" + status;
        if (document.at(responsePointer).isMissingNode()) {
            responsePointer = operationPointer + "/responses/default";
            if (document.at(responsePointer).isMissingNode()) {
                throw new AssertionError(method + " " + template + " answered undocumented status " + status + ": " + body);
            }
        }
        JsonNode response = document.at(responsePointer);
        if (response.has("$ref")) {
            responsePointer = response.get("$ref").asString().substring(1);
            response = document.at(responsePointer);
        }
        if (contentType == null || !contentType.startsWith("application/json")) {
            return;
        }
        String schemaPointer = responsePointer + "/content/application~1json/schema";
        if (document.at(schemaPointer).isMissingNode()) {
            throw new AssertionError(method + " " + template + " " + status + " answered JSON but documents none");
        }
        List<Error> errors = schema(schemaPointer).validate(TestApi.JSON.readTree(body));
        if (!errors.isEmpty()) {
            throw new AssertionError(method + " " + requestPath + " " + status + " does not match " + schemaPointer
                    + ": " + errors + "\nbody: " + body);
        }
    }

    /** The parameters of an operation ({@code "GET /executions"}), {@code $ref}s resolved, path-level ones included. */
    List<JsonNode> parameters(String operation) {
        String[] parts = operation.split(" ", 2);
        JsonNode pathItem = document.get("paths").get(parts[1]);
        List<JsonNode> parameters = new ArrayList<>();
        for (JsonNode holder : List.of(pathItem, pathItem.path(parts[0].toLowerCase(Locale.ROOT)))) {
            holder.path("parameters").forEach(parameter -> parameters.add(resolve(parameter)));
        }
        return parameters;
    }

    /** The node a {@code $ref} points to (or the node itself). */
    JsonNode resolve(JsonNode node) {
        while (node.has("$ref")) {
            node = document.at(node.get("$ref").asString().substring(1));
        }
        return node;
    }

    /**
     * Whether openapi.json documents {@code value} (as sent in the query string) as valid for the parameter: a
     * number-typed parameter takes the value as a number when it is one.
     */
    boolean parameterAccepts(String operation, String name, String value) {
        JsonNode parameter = parameters(operation).stream().filter(p -> p.get("name").asString().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError(operation + " documents no parameter " + name));
        JsonNode schema = resolve(parameter.get("schema"));
        JsonNode instance = TestApi.JSON.getNodeFactory().stringNode(value);
        String type = schema.path("type").asString("");
        if ((type.equals("integer") || type.equals("number")) && value.matches("-?\\d{1,18}")) {
            instance = TestApi.JSON.getNodeFactory().numberNode(Long.parseLong(value));
        }
        String pointer = pointerOf(operation, parameter);
        return schema(pointer).validate(instance).isEmpty();
    }

    /** A JSON pointer to the schema of {@code parameter}, for validation by pointer. */
    private String pointerOf(String operation, JsonNode parameter) {
        String[] parts = operation.split(" ", 2);
        String base = "/paths/" + escape(parts[1]);
        for (String holder : List.of(base, base + "/" + parts[0].toLowerCase(Locale.ROOT))) {
            JsonNode list = document.at(holder + "/parameters");
            for (int i = 0; i < list.size(); i++) {
                if (resolve(list.get(i)).equals(parameter)) {
                    String at = holder + "/parameters/" + i;
                    JsonNode entry = list.get(i);
                    return entry.has("$ref") ? entry.get("$ref").asString().substring(1) + "/schema" : at + "/schema";
                }
            }
        }
        throw new AssertionError("parameter not found in " + operation);
    }

    /** Fails when {@code body} is not the documented error envelope (for answers of undocumented methods). */
    void checkError(String body) {
        List<Error> errors = schema("/components/schemas/ErrorEnvelope").validate(TestApi.JSON.readTree(body));
        if (!errors.isEmpty()) {
            throw new AssertionError("not the error envelope: " + errors + "\nbody: " + body);
        }
    }

    private Schema schema(String pointer) {
        return compiled.computeIfAbsent(pointer, p -> {
            ObjectNode root = document.deepCopy();
            root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            root.put("$ref", "#" + p);
            Schema schema = registry.getSchema(root);
            schema.initializeValidators();
            return schema;
        });
    }

    private static String escape(String path) {
        return path.replace("~", "~0").replace("/", "~1");
    }
}
