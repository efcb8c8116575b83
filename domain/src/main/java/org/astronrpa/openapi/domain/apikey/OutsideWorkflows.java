package org.astronrpa.openapi.domain.apikey;

import org.astronrpa.openapi.domain.shared.NotPermitted;
import org.astronrpa.openapi.domain.workflow.ProjectId;

/**
 * A key limited to some workflows asked to write another (REST 403). Reads and runs of such a workflow are "not found"
 * instead, as another user's are; a write would create it, so it is refused, whether it exists or not.
 */
public final class OutsideWorkflows extends NotPermitted {
    public OutsideWorkflows(ProjectId workflow) {
        super("this API key may write only the workflows in its workflow_ids, and '" + workflow.value()
                + "' is not one of them");
    }
}
