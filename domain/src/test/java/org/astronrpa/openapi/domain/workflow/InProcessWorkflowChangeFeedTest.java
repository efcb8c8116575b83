package org.astronrpa.openapi.domain.workflow;

import org.astronrpa.openapi.domain.contract.WorkflowChangeFeedContract;

class InProcessWorkflowChangeFeedTest extends WorkflowChangeFeedContract {
    private final WorkflowChangeFeed feed = WorkflowChangeFeed.inProcess();

    /** One instance hears only itself: every id is this one. */
    @Override
    protected WorkflowChangeFeed instance(String id) {
        return feed;
    }
}
