package org.astronrpa.openapi.bootstrap.e2e;

import java.util.Map;

/** Managed robots end to end on the embedded H2 database (a fresh one per test, in its temporary directory). */
class H2RobotsEndToEndTest extends RobotsEndToEndContract {
    @Override
    protected Map<String, String> databaseEnvironment() {
        return Map.of();
    }
}
