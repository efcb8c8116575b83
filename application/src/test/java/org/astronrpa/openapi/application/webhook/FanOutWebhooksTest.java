package org.astronrpa.openapi.application.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.astronrpa.openapi.application.memory.InMemoryDeliveryRepository;
import org.astronrpa.openapi.application.memory.InMemoryWebhookRepository;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionEvent;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.webhook.Delivery;
import org.astronrpa.openapi.domain.webhook.Webhook;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.junit.jupiter.api.Test;

class FanOutWebhooksTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final UserId ALICE = new UserId("alice");
    private static final UserId BOB = new UserId("bob");

    private final InMemoryDeliveryRepository deliveries = new InMemoryDeliveryRepository();
    private final InMemoryWebhookRepository webhooks = new InMemoryWebhookRepository(deliveries);
    private final AtomicLong ids = new AtomicLong();
    /** The attempts the worker was handed and started (not run: the test looks at what was stored and handed). */
    private final List<Runnable> launched = new java.util.ArrayList<>();
    private Instant now = T0;
    private final ManageWebhooks manage = new ManageWebhooks(webhooks, deliveries,
            (topic, event) -> "{\"type\":\"" + topic + "\"}", () -> "id-" + ids.incrementAndGet(), bytes -> { },
            () -> now, WebhookSettings.DEFAULT, () -> { }, new CallbackSecrets(
                    new org.astronrpa.openapi.application.memory.InMemoryCallbackSecretStore(), bytes -> { },
                    () -> now), org.astronrpa.openapi.domain.shared.Transactions.NONE, events -> { });
    private final DeliverWebhooks worker = new DeliverWebhooks(webhooks, deliveries,
            (url, headers, body) -> { throw new AssertionError("not sent"); },
            new org.astronrpa.openapi.application.memory.InMemoryCallbackSecretStore(),
            org.astronrpa.openapi.domain.shared.Transactions.NONE, events -> { }, () -> "id-" + ids.incrementAndGet(),
            bytes -> { }, () -> now, WebhookSettings.DEFAULT, "instance-a", launched::add);
    private final FanOutWebhooks fanOut = new FanOutWebhooks(webhooks, deliveries,
            (topic, event) -> "{\"type\":\"" + topic + "\"}", () -> "id-" + ids.incrementAndGet(), () -> now,
            worker);

    private Webhook subscribe(UserId owner, List<String> events, List<String> projects) {
        return manage.create(owner, new ManageWebhooks.Input("https://h.example/", events, projects, null)).webhook();
    }

    private static ExecutionEvent.Completed completed(String id, UserId owner, String project, Instant at) {
        return completed(id, owner, project, at, null);
    }

    private static ExecutionEvent.Completed completed(String id, UserId owner, String project, Instant at,
                                                      org.astronrpa.openapi.domain.execution.ExecutionCallback cb) {
        Execution accepted = Execution.accept(new ExecutionId(id), new ProjectId(project), owner, "{}", null,
                new ExecutionTimeout(60), Duration.ofSeconds(60), at);
        Execution queued = cb == null ? accepted : accepted.withCallback(cb);
        Execution done = queued.dispatch("r", "run", at).finish(
                new org.astronrpa.openapi.domain.execution.RobotReply.ObjectReply("0000", "", "{}"), at);
        return new ExecutionEvent.Completed("ev-" + id, done, at);
    }

    private List<Delivery> of(Webhook webhook) {
        return deliveries.page(webhook.id(), null, PageRequest.FIRST).records();
    }

    @Test
    void anEventReachesTheOwnersSubscriptionsThatWantItOnce() {
        now = T0.plusSeconds(1);
        Webhook all = subscribe(ALICE, List.of("*"), null);
        Webhook completions = subscribe(ALICE, List.of("execution.completed"), List.of("Flow-A"));
        Webhook failures = subscribe(ALICE, List.of("execution.failed"), null);
        Webhook otherFlow = subscribe(ALICE, List.of("*"), List.of("flow-b"));
        Webhook bobs = subscribe(BOB, List.of("*"), null);
        ExecutionEvent.Completed event = completed("e-1", ALICE, "flow-a", T0.plusSeconds(2));

        fanOut.accept(event);
        fanOut.accept(event);   // relayed again: no second delivery

        assertEquals(1, of(all).size());
        assertEquals(1, of(completions).size());
        assertEquals("execution.completed", of(completions).get(0).topic());
        assertEquals("ev-e-1", of(completions).get(0).eventId());
        assertEquals("{\"type\":\"execution.completed\"}", of(completions).get(0).body());
        assertEquals(0, of(failures).size());
        assertEquals(0, of(otherFlow).size());
        assertEquals(0, of(bobs).size());
        assertEquals(2, launched.size(), "each delivery made is handed to the worker at once, none for the repeat");
        assertEquals(List.of(), deliveries.claim("instance-b", now, Duration.ofSeconds(1), 10),
                "stored claimed by this instance");
    }

    @Test
    void aSubscriptionHearsNothingThatHappenedBeforeItWasMade() {
        now = T0.plusSeconds(10);
        Webhook late = subscribe(ALICE, List.of("*"), null);
        fanOut.accept(completed("e-1", ALICE, "flow-a", T0));
        assertEquals(0, of(late).size());
    }

    @Test
    void eventsOfNoTopicAndInactiveSubscriptionsMakeNothing() {
        Webhook off = manage.create(ALICE, new ManageWebhooks.Input("https://h.example/", List.of("*"), null, false))
                .webhook();
        fanOut.accept(completed("e-1", ALICE, "flow-a", T0.plusSeconds(1)));
        fanOut.accept(new org.astronrpa.openapi.domain.apikey.ApiKeyEvent.Created("ev-k", "key-1", ALICE, T0));
        assertEquals(0, of(off).size());
        assertEquals(0, launched.size());
    }

    @Test
    void anExecutionsCallbackGetsTheEventsItAskedForBesideTheSubscriptions() {
        Webhook all = subscribe(ALICE, List.of("*"), null);
        var callback = org.astronrpa.openapi.domain.execution.ExecutionCallback.checked("https://app.example.com/cb",
                null, false);
        ExecutionEvent.Completed withCallback = completed("e-1", ALICE, "flow-a", T0.plusSeconds(1), callback);
        fanOut.accept(withCallback);
        fanOut.accept(withCallback);

        assertEquals(1, of(all).size());
        List<Delivery> callbacks = deliveries.claim("t", T0.plusSeconds(65), Duration.ofSeconds(1), 10).stream()
                .filter(d -> d.webhook() == null).toList();
        assertEquals(1, callbacks.size(), "once, however often it is relayed");
        assertEquals("https://app.example.com/cb", callbacks.get(0).url());
        assertEquals("e-1", callbacks.get(0).callbackOf());
        assertEquals("callback:e-1", callbacks.get(0).subscriber());

        Execution queued = Execution.accept(new ExecutionId("e-2"), new ProjectId("flow-a"), ALICE, "{}", null,
                new ExecutionTimeout(60), Duration.ofSeconds(60), T0).withCallback(callback);
        fanOut.accept(new ExecutionEvent.Queued("ev-q", queued, T0.plusSeconds(1)));
        assertEquals(0, deliveries.claim("t", T0.plusSeconds(65), Duration.ofSeconds(1), 10).stream()
                .filter(d -> "ev-q".equals(d.eventId()) && d.webhook() == null).count(),
                "a callback hears only the events it named (by default the end)");
    }

    @Test
    void aRelaysBatchOfSeveralOwnersEventsMakesEachOnesDeliveriesInOneGo() {
        Webhook alices = subscribe(ALICE, List.of("*"), null);
        Webhook bobs = subscribe(BOB, List.of("execution.completed"), null);
        fanOut.acceptAll(List.of(completed("e-1", ALICE, "flow-a", T0.plusSeconds(1)),
                completed("e-2", BOB, "flow-b", T0.plusSeconds(1)), completed("e-3", ALICE, "flow-a",
                        T0.plusSeconds(2)),
                new org.astronrpa.openapi.domain.apikey.ApiKeyEvent.Created("ev-k", "key-1", ALICE, T0)));
        assertEquals(List.of("ev-e-3", "ev-e-1"), of(alices).stream().map(Delivery::eventId).toList());
        assertEquals(List.of("ev-e-2"), of(bobs).stream().map(Delivery::eventId).toList());
        assertEquals(3, launched.size());
    }
}
