package org.astronrpa.openapi.domain.integration;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A failure as the contract reports it: a stable code ({@code ^[A-Z_]{3,64}$}, which clients match) and a safe sentence
 * that never echoes arguments or internals.
 */
public record ContractError(String code, String message) {
    private static final Pattern CODE = Pattern.compile("^[A-Z_]{3,64}$");

    public ContractError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("a contract error code is 3..64 of A-Z and _: " + code);
        }
    }
}
