package org.astronrpa.openapi.bootstrap.fuzz;

import java.util.Map;

/** The fuzz test against the whole service on the embedded H2 database. */
class H2ServiceFuzzTest extends ServiceFuzzContract {
    @Override
    protected Map<String, String> databaseEnvironment() {
        return Map.of();
    }
}
