package org.astronrpa.openapi.domain.integration;

import org.astronrpa.openapi.domain.shared.NotPermitted;

/**
 * A refusal of the integration contract that has a code of its own there ({@code VERSION_NOT_ALLOWED}, {@code
 * IDEMPOTENCY_CONFLICT}, an admission reason, {@code JSON_LIMIT_EXCEEDED}, …): nothing is started. Its message is the
 * contract's safe sentence, echoing nothing of the request.
 */
public final class ContractRefused extends NotPermitted {
    private final ContractError error;

    public ContractRefused(String code, String message) {
        super(message);
        this.error = new ContractError(code, message);
    }

    public ContractError error() {
        return error;
    }
}
