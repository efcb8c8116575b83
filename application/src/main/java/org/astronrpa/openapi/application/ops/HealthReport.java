package org.astronrpa.openapi.application.ops;

import java.util.Map;

/** The service's health: UP unless a required dependency is DOWN; each dependency UP, DOWN or DISABLED. */
public record HealthReport(boolean up, Map<String, String> checks) {
    public HealthReport {
        checks = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(checks));
    }
}
