package org.astronrpa.openapi.domain.integration;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.astronrpa.openapi.domain.execution.ExecutionNotFound;
import org.astronrpa.openapi.domain.shared.DomainException;
import org.astronrpa.openapi.domain.workflow.WorkflowNotFound;

/**
 * A failure as the contract reports it: a stable code ({@code ^[A-Z_]{3,64}$}, which clients match) and a safe sentence
 * that never echoes arguments or internals.
 */
public record ContractError(String code, String message) {
    private static final Pattern CODE = Pattern.compile("^[A-Z_]{3,64}$");

    /**
     * The contract's error for a refusal that has a code of its own there, the same on every transport; empty for the
     * others (invalid arguments, whose sentence each transport words, and refusals the contract has no code for).
     */
    public static Optional<ContractError> of(DomainException refused) {
        return Optional.ofNullable(switch (refused) {
            case ExecutionNotFound e -> new ContractError("EXECUTION_NOT_FOUND",
                    "no execution of this id is visible to the caller");
            case WorkflowNotFound e -> new ContractError("WORKFLOW_NOT_FOUND",
                    "no workflow of this id is visible to the caller");
            case ContractRefused e -> e.error();
            case CancelUnsupported e -> new ContractError("CANCEL_UNSUPPORTED",
                    "the run's robot does not confirm stops: it cannot be cancelled here");
            default -> null;
        });
    }

    public ContractError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("a contract error code is 3..64 of A-Z and _: " + code);
        }
    }
}
