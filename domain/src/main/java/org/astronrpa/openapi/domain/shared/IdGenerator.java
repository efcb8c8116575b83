package org.astronrpa.openapi.domain.shared;

/** Makes new unique identifiers (UUID text in production). */
@FunctionalInterface
public interface IdGenerator {
    String newId();
}
