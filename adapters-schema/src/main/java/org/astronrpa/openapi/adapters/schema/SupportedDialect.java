package org.astronrpa.openapi.adapters.schema;

import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import tools.jackson.databind.JsonNode;

/**
 * The JSON Schema drafts a parameters schema may declare with {@code $schema}; without one it is 2020-12.
 * Draft-04/06 and custom meta-schemas are refused: honouring them would mean trusting (or fetching) a
 * meta-schema we do not ship.
 */
enum SupportedDialect {
    DRAFT_7("draft-07/schema", SpecificationVersion.DRAFT_7, Dialects.getDraft7()),
    DRAFT_2019_09("draft/2019-09/schema", SpecificationVersion.DRAFT_2019_09, Dialects.getDraft201909()),
    DRAFT_2020_12("draft/2020-12/schema", SpecificationVersion.DRAFT_2020_12, Dialects.getDraft202012());

    static final SupportedDialect DEFAULT = DRAFT_2020_12;

    private final String path;
    private final SpecificationVersion version;
    private final Dialect dialect;

    SupportedDialect(String path, SpecificationVersion version, Dialect dialect) {
        this.path = path;
        this.version = version;
        this.dialect = dialect;
    }

    /** The dialect a schema declares, tolerating http/https and a trailing {@code #}. */
    static SupportedDialect declaredBy(JsonNode schema) {
        JsonNode declared = schema.get("$schema");
        if (declared == null) {
            return DEFAULT;
        }
        return Optional.of(declared)
                .filter(JsonNode::isString)
                .flatMap(node -> byIri(node.asString()))
                .orElseThrow(() -> InvalidInput.of("parameters", "$schema " + declared
                        + " is not supported; use one of " + supportedIris() + " or leave it out (2020-12)"));
    }

    String metaSchemaIri() {
        return version.getDialectId();
    }

    Dialect dialect() {
        return dialect;
    }

    private static Optional<SupportedDialect> byIri(String iri) {
        String bare = iri.endsWith("#") ? iri.substring(0, iri.length() - 1) : iri;
        return Arrays.stream(values())
                .filter(d -> bare.equals("https://json-schema.org/" + d.path) || bare.equals("http://json-schema.org/" + d.path))
                .findFirst();
    }

    private static String supportedIris() {
        return Arrays.stream(values()).map(SupportedDialect::metaSchemaIri).collect(Collectors.joining(", "));
    }
}
