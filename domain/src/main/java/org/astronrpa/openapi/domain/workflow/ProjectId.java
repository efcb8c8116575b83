package org.astronrpa.openapi.domain.workflow;

import org.astronrpa.openapi.domain.shared.Text;

/** The caller-chosen, globally unique id of a workflow (the astron-rpa project id); trimmed, 1..100 characters. */
public record ProjectId(String value) {
    public static final int MAX_LENGTH = 100;

    public ProjectId {
        value = Text.trimmed("project_id", value, 1, MAX_LENGTH);
    }

    @Override
    public String toString() {
        return value;
    }
}
