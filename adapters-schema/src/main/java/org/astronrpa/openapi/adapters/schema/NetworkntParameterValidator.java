package org.astronrpa.openapi.adapters.schema;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.ValidationLimitExceededException;
import java.util.List;
import java.util.Objects;
import org.astronrpa.openapi.adapters.schema.StrictJson.Parsed;
import org.astronrpa.openapi.domain.shared.FieldError;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.workflow.ParameterValidator;
import org.astronrpa.openapi.domain.workflow.ParametersSchema;
import org.astronrpa.openapi.domain.workflow.SecretInputs;
import tools.jackson.databind.JsonNode;

/**
 * Validates execution parameters against a workflow's stored parameters schema, naming each problem by
 * its path under {@code params}; and tells whether a schema declares secret inputs ({@link SecretInputs}). Compiled
 * schemas are cached (least recently used, by schema text) since
 * one workflow's schema serves all its executions. Thread-safe; build one and share it.
 */
public final class NetworkntParameterValidator implements ParameterValidator, SecretInputs {
    static final String ROOT = "params";
    static final int MAX_ERRORS = 25;
    static final int CACHE_CAPACITY = 256;

    private final SchemaEngine engine = new SchemaEngine();
    private final CompiledSchemas compiled = new CompiledSchemas(CACHE_CAPACITY);

    /**
     * The problems of {@code instanceJson} (a JSON object of execution parameters) against {@code schema},
     * at most {@value #MAX_ERRORS}; empty when it is valid.
     *
     * @throws IllegalStateException when the stored schema cannot be applied (it was checked on upsert)
     */
    @Override
    public List<FieldError> validate(ParametersSchema schema, String instanceJson) {
        Schema compiledSchema = compiled.get(schema.json(), this::compileStored);
        return switch (StrictJson.parse(Objects.requireNonNull(instanceJson, "instanceJson"))) {
            case Parsed.Unreadable(String reason) -> List.of(new FieldError(ROOT, reason));
            case Parsed.Json(JsonNode node) when node.isObject() -> problems(compiledSchema, node);
            case Parsed.Json ignored -> List.of(new FieldError(ROOT, "must be a JSON object"));
        };
    }

    @Override
    public boolean declaredIn(ParametersSchema schema) {
        return secretIn(stored(schema.json()));
    }

    /** A stored schema's JSON (checked when its workflow was stored). */
    private static JsonNode stored(String json) {
        return StrictJson.stored(json, "stored parameters schema");
    }

    /** Whether {@code node} or a node under it is an object saying {@code writeOnly: true} or {@code format: password}. */
    private static boolean secretIn(JsonNode node) {
        if (node.isObject()) {
            JsonNode writeOnly = node.get("writeOnly");
            JsonNode format = node.get("format");
            if ((writeOnly != null && writeOnly.isBoolean() && writeOnly.asBoolean())
                    || (format != null && format.isString() && format.asString().equals("password"))) {
                return true;
            }
        }
        if (node.isContainer()) {
            for (JsonNode child : node.values()) {
                if (secretIn(child)) {
                    return true;
                }
            }
        }
        return false;
    }

    int cachedSchemas() {
        return compiled.size();
    }

    private List<FieldError> problems(Schema schema, JsonNode instance) {
        try {
            return engine.validate(schema, instance).stream().limit(MAX_ERRORS).map(this::toFieldError).toList();
        } catch (ValidationLimitExceededException e) {
            return List.of(new FieldError(ROOT, "could not be checked: the workflow's parameters schema is too complex ("
                    + e.getLimitKind() + " limit reached)"));
        } catch (SchemaException | SchemaEngine.ExternalReference e) {
            throw new IllegalStateException("stored parameters schema cannot be applied: " + e.getMessage(), e);
        }
    }

    private FieldError toFieldError(Error error) {
        return new FieldError(ReadablePath.of(ROOT, error), error.getMessage());
    }

    private Schema compileStored(String json) {
        JsonNode node = stored(json);
        try {
            return engine.compile(node);
        } catch (InvalidInput e) {
            throw new IllegalStateException("stored parameters schema does not compile: " + e.getMessage(), e);
        }
    }
}
