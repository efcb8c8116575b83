package org.astronrpa.openapi.adapters.schema;

import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.Error;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.InvalidSchemaRefException;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.BasicDialectRegistry;
import com.networknt.schema.resource.SchemaLoader;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import tools.jackson.databind.JsonNode;

/**
 * One networknt registry that knows only the supported drafts and can load nothing but the meta-schemas
 * bundled in the library jar: any other {@code $ref} target (http, file, classpath…) is refused before
 * a loader is asked, so nothing is ever fetched. Evaluation is bounded so a self-recursive schema fails
 * with a message instead of a {@link StackOverflowError}.
 */
final class SchemaEngine {
    private static final Pattern BUNDLED_META_SCHEMA = Pattern.compile(
            "https?://json-schema\\.org/(draft-07/schema|draft/(2019-09|2020-12)/(schema|meta/[a-z-]+))#?");
    private static final long MAX_EVALUATION_STEPS = 1_000_000;
    private static final int MAX_EVALUATION_DEPTH = 1_000;

    private final SchemaRegistry registry = SchemaRegistry.builder()
            .defaultDialectId(SupportedDialect.DEFAULT.metaSchemaIri())
            .dialectRegistry(new BasicDialectRegistry(
                    Arrays.stream(SupportedDialect.values()).map(SupportedDialect::dialect).toList()))
            .schemaLoader(SchemaLoader.builder().allow(SchemaEngine::bundledOrRefuse).build())
            // Caller schemas may claim any $id: the cache must not let one schema's $id serve another's $ref.
            .schemaCacheEnabled(false)
            .schemaRegistryConfig(SchemaRegistryConfig.builder().locale(Locale.ENGLISH).build())
            .build();

    Schema metaSchema(SupportedDialect dialect) {
        Schema metaSchema = registry.getSchema(SchemaLocation.of(dialect.metaSchemaIri()));
        metaSchema.initializeValidators();
        return metaSchema;
    }

    /**
     * Compiles a schema and resolves all its {@code $ref}s now, naming {@code parameters} when it cannot.
     * A {@code $dynamicRef} is only resolved during validation, so it must be a fragment ({@code #name}).
     */
    Schema compile(JsonNode schema) {
        refuseExternalDynamicRefs(schema);
        try {
            Schema compiled = registry.getSchema(schema);
            compiled.initializeValidators();
            return compiled;
        } catch (RuntimeException e) {
            throw unusable(e);
        }
    }

    /**
     * Validates {@code instance}; thread-safe on a compiled schema.
     *
     * @throws com.networknt.schema.ValidationLimitExceededException when evaluation runs away
     */
    List<Error> validate(Schema schema, JsonNode instance) {
        return schema.validate(instance, (ExecutionContext context) -> context.executionConfig(config -> config
                .locale(Locale.ENGLISH)
                .maxEvaluationSteps(MAX_EVALUATION_STEPS)
                .maxEvaluationDepth(MAX_EVALUATION_DEPTH)));
    }

    private static void refuseExternalDynamicRefs(JsonNode node) {
        JsonNode dynamicRef = node.get("$dynamicRef");
        if (dynamicRef != null && dynamicRef.isString() && !dynamicRef.asString().startsWith("#")) {
            throw unusable(new ExternalReference(dynamicRef.asString()));
        }
        for (JsonNode child : node) {
            refuseExternalDynamicRefs(child);
        }
    }

    private static boolean bundledOrRefuse(AbsoluteIri iri) {
        if (iri == null || !BUNDLED_META_SCHEMA.matcher(iri.toString()).matches()) {
            throw new ExternalReference(String.valueOf(iri));
        }
        return true;
    }

    private static InvalidInput unusable(RuntimeException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ExternalReference external) {
                return InvalidInput.of("parameters", "refers to the external schema '" + external.iri
                        + "'; only references inside this schema (such as #/$defs/name) are supported, nothing is fetched");
            }
            if (cause instanceof PatternSyntaxException bad) {
                return InvalidInput.of("parameters", "has an invalid regular expression '" + bad.getPattern()
                        + "': " + bad.getDescription());
            }
        }
        String detail = failure instanceof SchemaException ? failure.getMessage() : failure.toString();
        return failure instanceof InvalidSchemaRefException
                ? InvalidInput.of("parameters", "has a reference that cannot be resolved: " + detail)
                : InvalidInput.of("parameters", "is not a usable JSON Schema: " + detail);
    }

    /** Thrown by the loader's allow-list so that the refused IRI reaches our message intact. */
    static final class ExternalReference extends RuntimeException {
        private final String iri;

        ExternalReference(String iri) {
            super("external schema refused: " + iri, null, false, false);
            this.iri = iri;
        }
    }
}
