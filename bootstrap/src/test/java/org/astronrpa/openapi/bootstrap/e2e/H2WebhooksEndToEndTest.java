package org.astronrpa.openapi.bootstrap.e2e;

import java.util.Map;

/** Webhooks end to end on the embedded H2 database (a fresh one per test, in its temporary directory). */
class H2WebhooksEndToEndTest extends WebhooksEndToEndContract {
    @Override
    protected Map<String, String> databaseEnvironment() {
        return Map.of();
    }
}
