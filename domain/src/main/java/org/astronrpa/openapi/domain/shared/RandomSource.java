package org.astronrpa.openapi.domain.shared;

/** Unpredictable bytes for secrets; a cryptographically strong generator in production. */
@FunctionalInterface
public interface RandomSource {
    void fill(byte[] bytes);
}
