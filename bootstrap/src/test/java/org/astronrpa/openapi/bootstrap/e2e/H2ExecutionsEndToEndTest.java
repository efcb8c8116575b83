package org.astronrpa.openapi.bootstrap.e2e;

import java.util.Map;

/** The executions end to end on the embedded H2 database (a fresh one per test, in its temporary directory). */
class H2ExecutionsEndToEndTest extends ExecutionsEndToEndContract {
    @Override
    protected Map<String, String> databaseEnvironment() {
        return Map.of();
    }
}
