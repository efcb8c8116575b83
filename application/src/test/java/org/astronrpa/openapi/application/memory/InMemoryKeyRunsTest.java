package org.astronrpa.openapi.application.memory;

import org.astronrpa.openapi.domain.apikey.KeyRuns;
import org.astronrpa.openapi.domain.contract.KeyRunsContract;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;

class InMemoryKeyRunsTest extends KeyRunsContract {
    private final InMemoryExecutionRepository executions = new InMemoryExecutionRepository();
    private final InMemoryApiKeyStore keys = new InMemoryApiKeyStore();

    @Override
    protected KeyRuns emptyRuns() {
        return new InMemoryKeyRuns(() -> executions);
    }

    @Override
    protected ExecutionRepository executions() {
        return executions;
    }

    @Override
    protected org.astronrpa.openapi.domain.apikey.ApiKeyStore keys() {
        return keys;
    }
}
