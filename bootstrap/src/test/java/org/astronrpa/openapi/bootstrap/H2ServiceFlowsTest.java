package org.astronrpa.openapi.bootstrap;

import java.util.Map;

class H2ServiceFlowsTest extends ServiceFlowsContract {
    @Override
    protected Map<String, String> databaseEnvironment() {
        return Map.of();
    }
}
