package org.astronrpa.openapi.archfixture.broken.adapters.schema;

import org.jdbi.v3.core.Jdbi;

/** Breaks rule 4: the schema adapter talks to the database. */
final class SchemaRows {
    Jdbi connect(String jdbcUrl) {
        return Jdbi.create(jdbcUrl);
    }
}
