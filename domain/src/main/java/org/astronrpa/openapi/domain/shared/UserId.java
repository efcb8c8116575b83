package org.astronrpa.openapi.domain.shared;

/** The platform user who owns workflows, executions and keys, as the gateway names them. */
public record UserId(String value) {
    public static final int MAX_LENGTH = 64;

    public UserId {
        value = Text.trimmed("user_id", value, 1, MAX_LENGTH);
    }

    @Override
    public String toString() {
        return value;
    }
}
