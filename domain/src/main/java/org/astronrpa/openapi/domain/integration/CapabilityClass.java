package org.astronrpa.openapi.domain.integration;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The contract's workflow capability classes. This service admits {@code json-data} only: the read classes need
 * upstream's reviewed read-only constraints (fixed arguments, reviewed SQL), which it does not implement, so a
 * declaration naming one is refused when it is set.
 */
public enum CapabilityClass {
    JSON_DATA, BROWSER_READ, SERVICE_HTTP_READ, SERVICE_DATABASE_READ, SERVICE_MAIL_READ, SERVICE_OPENAPI_READ,
    SERVICE_SHARED_READ;

    /** The classes this service admits. */
    public static final List<CapabilityClass> SERVED = List.of(JSON_DATA);

    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public boolean isRead() {
        return this != JSON_DATA;
    }

    public static Optional<CapabilityClass> fromWire(String wire) {
        return Arrays.stream(values()).filter(c -> c.wire().equals(wire)).findFirst();
    }
}
