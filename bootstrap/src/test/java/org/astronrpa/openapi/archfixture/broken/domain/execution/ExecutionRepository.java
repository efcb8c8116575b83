package org.astronrpa.openapi.archfixture.broken.domain.execution;

/** Conforms: the execution port, with its write methods (insert, update) and a read. */
public interface ExecutionRepository {
    void insert(String id);

    void update(String id);

    boolean exists(String id);
}
