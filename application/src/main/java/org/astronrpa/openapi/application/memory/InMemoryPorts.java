package org.astronrpa.openapi.application.memory;

import org.astronrpa.openapi.application.assembly.ClusterPorts;
import org.astronrpa.openapi.application.assembly.Ports;
import org.astronrpa.openapi.application.events.InProcessExecutionEvents;
import org.astronrpa.openapi.application.events.PublishingDomainEvents;
import org.astronrpa.openapi.domain.shared.IdGenerator;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.Transactions;

/**
 * {@link Ports} of one process with nothing outside it: fresh in-memory stores, no transactions, events recorded
 * straight onto an in-process bus (no outbox), a single instance. Randomness, key hashing and parameter checks are
 * left to the caller, as are any port it replaces (a store that fails on purpose, a bus it listens to).
 */
public final class InMemoryPorts {
    private InMemoryPorts() {
    }

    /** A builder holding every port but {@code random}, {@code hasher} and the parameter checks. */
    public static Ports.Builder builder(TimeSource time, IdGenerator ids) {
        InProcessExecutionEvents bus = new InProcessExecutionEvents();
        ClusterPorts cluster = ClusterPorts.singleInstance("single", time);
        return Ports.builder()
                .workflows(new InMemoryWorkflowRepository())
                .executions(new InMemoryExecutionRepository())
                .executionLogs(new InMemoryExecutionLogStore())
                .jobLeases(new InMemoryJobLeases())
                .robots(new InMemoryRobotRepository())
                .robotCredentials(new InMemoryRobotCredentialStore())
                .schedules(new InMemoryScheduleRepository())
                .idempotencyKeys(new InMemoryIdempotencyStore())
                .apiKeys(new InMemoryApiKeyStore())
                .transactions(Transactions.NONE)
                .events(new PublishingDomainEvents(bus).consume(PublishingDomainEvents.toRobotFeed(cluster.robotChanges())),
                        bus)
                .cluster(cluster)
                .time(time)
                .ids(ids);
    }
}
