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

    /** Sends nothing: a process with nothing outside it refuses every webhook request (replace it to send). */
    public static final org.astronrpa.openapi.domain.webhook.WebhookTransport NO_TRANSPORT = (url, headers, body) ->
            new org.astronrpa.openapi.domain.webhook.AttemptResult.Refused("this process sends no webhooks");

    /** The event's names only: what the HTTP adapter's bodies begin with (its ids and topics need no escaping). */
    static String body(String topic, org.astronrpa.openapi.domain.shared.DomainEvent event) {
        return "{\"id\":\"" + event.eventId() + "\",\"type\":\"" + topic + "\",\"occurred_at\":\""
                + event.occurredAt() + "\",\"sequence\":" + event.sequence() + "}";
    }

    /** A builder holding every port but {@code random}, {@code hasher} and the parameter checks. */
    public static Ports.Builder builder(TimeSource time, IdGenerator ids) {
        InProcessExecutionEvents bus = new InProcessExecutionEvents();
        ClusterPorts cluster = ClusterPorts.singleInstance("single", time);
        InMemoryDeliveryRepository deliveries = new InMemoryDeliveryRepository();
        Ports.Builder builder = Ports.builder();
        return builder
                .keyRuns(new InMemoryKeyRuns(builder::executionsSetSoFar))
                .auditLog(new InMemoryAuditLog())
                .workflows(new InMemoryWorkflowRepository())
                .executions(new InMemoryExecutionRepository())
                .executionLogs(new InMemoryExecutionLogStore())
                .jobLeases(new InMemoryJobLeases())
                .robots(new InMemoryRobotRepository())
                .robotCredentials(new InMemoryRobotCredentialStore())
                .schedules(new InMemoryScheduleRepository())
                .webhooks(new org.astronrpa.openapi.application.assembly.WebhookPorts(
                        new InMemoryWebhookRepository(deliveries), deliveries, new InMemoryCallbackSecretStore(),
                        NO_TRANSPORT, InMemoryPorts::body))
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
