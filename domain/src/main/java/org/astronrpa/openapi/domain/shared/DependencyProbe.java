package org.astronrpa.openapi.domain.shared;

/** A dependency the service can report on in its health check (database, Redis...). */
public interface DependencyProbe {
    /** Short lowercase name shown under {@code checks}. */
    String name();

    /** Whether the service cannot serve without it (then DOWN means 503). */
    boolean required();

    /** True when the dependency answered within its time limit. */
    boolean isUp();
}
