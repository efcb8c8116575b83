package org.astronrpa.openapi.bootstrap;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.astronrpa.openapi.domain.apikey.Scope;

/** What the end-to-end tests create keys with: every scope, so that each test exercises its own subject. */
public final class TestKeys {
    /** Every scope, as a JSON array. */
    public static final String ALL_SCOPES = Arrays.stream(Scope.values()).map(scope -> "\"" + scope.wire() + "\"")
            .collect(Collectors.joining(",", "[", "]"));

    private TestKeys() {
    }
}
