package org.astronrpa.openapi.archfixture.broken.adapters.persistence;

import com.networknt.schema.Schema;

/** Breaks rule 4: the persistence adapter uses the schema adapter's library. */
final class SchemaPeek {
    String describe(Schema schema) {
        return String.valueOf(schema);
    }
}
