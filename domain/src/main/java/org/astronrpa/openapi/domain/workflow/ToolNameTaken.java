package org.astronrpa.openapi.domain.workflow;

import org.astronrpa.openapi.domain.shared.Conflict;

/** A concurrent request gave another workflow of the same user this tool name first; the upsert derives again. */
public final class ToolNameTaken extends Conflict {
    public ToolNameTaken(String toolName) {
        super("tool name '" + toolName + "' is already used by another workflow of this user");
    }
}
