package org.astronrpa.openapi.adapters.schema;

import static java.util.function.Function.identity;
import static java.util.stream.Collectors.toUnmodifiableMap;

import com.networknt.schema.Schema;
import com.networknt.schema.ValidationLimitExceededException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.astronrpa.openapi.adapters.schema.StrictJson.Parsed;
import org.astronrpa.openapi.domain.shared.FieldError;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.workflow.ParametersSchema;
import org.astronrpa.openapi.domain.workflow.SchemaChecker;
import tools.jackson.databind.JsonNode;

/**
 * Accepts a workflow's parameters schema when it is strict JSON, an object, valid against the meta-schema
 * of its draft (2020-12 unless {@code $schema} says draft-07 or 2019-09) and compilable without fetching
 * anything. Thread-safe; build one and share it.
 */
public final class NetworkntSchemaChecker implements SchemaChecker {
    private static final String FIELD = "parameters";

    private final SchemaEngine engine = new SchemaEngine();
    private final Map<SupportedDialect, Schema> metaSchemas = Arrays.stream(SupportedDialect.values())
            .collect(toUnmodifiableMap(identity(), engine::metaSchema));

    @Override
    public ParametersSchema check(String text) {
        if (text == null) {
            throw InvalidInput.of(FIELD, "is required");
        }
        ParametersSchema.checkSize(text);
        JsonNode schema = switch (StrictJson.parse(text)) {
            case Parsed.Unreadable(String reason) -> throw InvalidInput.of(FIELD, reason);
            case Parsed.Json(JsonNode node) when node.isObject() -> node;
            case Parsed.Json ignored -> throw InvalidInput.of(FIELD, "must be a JSON object (a JSON Schema)");
        };
        conformsToMetaSchema(schema, SupportedDialect.declaredBy(schema));
        engine.compile(schema);
        return new ParametersSchema(StrictJson.compact(schema));
    }

    private void conformsToMetaSchema(JsonNode schema, SupportedDialect dialect) {
        List<FieldError> problems;
        try {
            problems = MetaSchemaProblems.of(engine.validate(metaSchemas.get(dialect), schema));
        } catch (ValidationLimitExceededException e) {
            throw InvalidInput.of(FIELD, "is too complex to check (" + e.getLimitKind() + " limit reached)");
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
    }
}
