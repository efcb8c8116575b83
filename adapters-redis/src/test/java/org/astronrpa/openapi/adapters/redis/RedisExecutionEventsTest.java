package org.astronrpa.openapi.adapters.redis;

import java.util.HashMap;
import java.util.Map;
import org.astronrpa.openapi.application.events.InProcessExecutionEvents;
import org.astronrpa.openapi.domain.contract.ExecutionEventsContract;
import org.astronrpa.openapi.domain.execution.ExecutionEvents;
import org.junit.jupiter.api.AfterEach;

/** The bus as bootstrap wires it with Redis: each instance fans out over its own in-process listeners. */
class RedisExecutionEventsTest extends ExecutionEventsContract {
    private final Fabrics fabrics = new Fabrics();
    private final Map<String, ExecutionEvents> instances = new HashMap<>();

    @AfterEach
    void closeFabrics() {
        fabrics.close();
    }

    @Override
    protected ExecutionEvents instance(String id) {
        return instances.computeIfAbsent(id, i -> fabrics.get(i).events(new InProcessExecutionEvents()));
    }
}
