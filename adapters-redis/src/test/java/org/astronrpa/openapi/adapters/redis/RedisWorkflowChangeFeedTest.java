package org.astronrpa.openapi.adapters.redis;

import java.util.HashMap;
import java.util.Map;
import org.astronrpa.openapi.domain.contract.WorkflowChangeFeedContract;
import org.astronrpa.openapi.domain.workflow.WorkflowChangeFeed;
import org.junit.jupiter.api.AfterEach;

class RedisWorkflowChangeFeedTest extends WorkflowChangeFeedContract {
    private final Fabrics fabrics = new Fabrics();
    private final Map<String, WorkflowChangeFeed> instances = new HashMap<>();

    @AfterEach
    void closeFabrics() {
        fabrics.close();
    }

    @Override
    protected WorkflowChangeFeed instance(String id) {
        return instances.computeIfAbsent(id, i -> fabrics.get(i).workflowChanges());
    }
}
