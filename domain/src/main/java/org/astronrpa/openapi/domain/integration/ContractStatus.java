package org.astronrpa.openapi.domain.integration;

import java.util.Locale;

/**
 * An execution's state as upstream astron-rpa's integration contract 1 states it, from evidence
 * ({@link ExecutionSnapshot}): {@code unknown} when the service truly does not know whether the run still goes on on
 * its desktop, never as a default.
 */
public enum ContractStatus {
    ACCEPTED, RUNNING, SUCCEEDED, FAILED, CANCELLED, TIMEOUT, UNKNOWN;

    /** As the contract writes it: lower case. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether it never changes again: succeeded, failed, cancelled or timeout ({@code unknown} is not). */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == TIMEOUT;
    }
}
