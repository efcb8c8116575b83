package org.astronrpa.openapi.domain.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionEvent;
import org.astronrpa.openapi.domain.execution.ExecutionEvents;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.domain.execution.LogLine;
import org.astronrpa.openapi.domain.execution.RobotReply;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ExecutionEvents} bus must do, as its listeners observe it: an event published on any instance
 * reaches each subscribed listener of every instance once, in the order published, however often and wherever it is
 * published again (the outbox delivers at least once); closing a subscription stops delivery to it; a listener that
 * throws stops nobody. Delivery may be asynchronous, so the tests wait for it. Subclassed once per implementation.
 */
public abstract class ExecutionEventsContract {
    protected static final UserId ALICE = new UserId("alice");
    protected static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");
    private final AtomicInteger eventIds = new AtomicInteger();

    /**
     * The bus as instance {@code id} of this test's cluster sees it; another id is another instance sharing the bus.
     * An implementation that serves a single instance returns that instance for every id.
     */
    protected abstract ExecutionEvents instance(String id);

    protected static Execution pending(String id) {
        return Execution.accept(new ExecutionId(id), new ProjectId("p-1"), ALICE, "{\"名\":\"值\"}", null,
                new ExecutionTimeout(60), Duration.ofSeconds(30), T0);
    }

    protected static Execution completed(String id) {
        return pending(id).dispatch("robot-1", "ev-1", T0.plusSeconds(1))
                .finish(new RobotReply.ObjectReply("0000", "ok", "{\"x\":[1,null]}"), T0.plusSeconds(2));
    }

    /** The event of {@code execution}'s latest change, with an id of this test's own. */
    protected ExecutionEvent eventOf(Execution execution) {
        return eventOf("ev-" + eventIds.incrementAndGet(), execution);
    }

    protected static ExecutionEvent eventOf(String eventId, Execution execution) {
        return ExecutionEvent.of(Optional.empty(), execution, () -> eventId, T0.plusSeconds(execution.version()))
                .orElseThrow();
    }

    protected static LogLine line(String execution, long seq) {
        return new LogLine(new ExecutionId(execution), seq, T0.plusMillis(seq), "warn", "line " + seq + "\nwith \"quotes\"");
    }

    @Test
    void statusChangesAndLogLinesReachTheListenersOfEveryInstanceOnceWithEveryField() {
        ExecutionEvents publisher = instance("a");
        ExecutionEvents watcher = instance("b");
        Recorder atPublisher = new Recorder();
        Recorder atWatcher = new Recorder();
        publisher.subscribe(atPublisher);
        watcher.subscribe(atWatcher);

        Execution done = completed("e-1");
        LogLine line = line("e-1", 3);
        publisher.publish(eventOf(done));
        publisher.logAppended(ALICE, "p-1", line);
        Await.until(() -> atWatcher.logs.size() == 1, "the events reached the watching instance");
        Execution last = pending("e-last");
        watcher.publish(eventOf(last));   // reaches the publisher after its own events came back to it, if they do

        for (Recorder recorder : List.of(atPublisher, atWatcher)) {
            Await.until(() -> recorder.statuses.contains(last), "the events arrived");
            assertEquals(List.of(done, last), recorder.statuses);
            assertEquals(List.of(new Log(ALICE, "p-1", line)), recorder.logs);
        }
    }

    @Test
    void theEventsOfOneExecutionArriveInTheOrderTheyWerePublished() {
        ExecutionEvents publisher = instance("a");
        Recorder watcher = new Recorder();
        instance("b").subscribe(watcher);
        List<Long> sequence = LongStream.rangeClosed(1, 50).boxed().toList();
        sequence.forEach(seq -> publisher.logAppended(ALICE, "p-1", line("e-1", seq)));

        Await.until(() -> watcher.logs.size() >= sequence.size(), "every line arrived");
        assertEquals(sequence, watcher.logs.stream().map(log -> log.line().seq()).toList());
    }

    @Test
    void aClosedSubscriptionHearsNothingMoreWhileOthersGoOn() {
        ExecutionEvents publisher = instance("a");
        ExecutionEvents watcher = instance("b");
        Recorder closed = new Recorder();
        Recorder open = new Recorder();
        ExecutionEvents.Subscription subscription = watcher.subscribe(closed);
        watcher.subscribe(open);
        Execution before = pending("e-before");
        publisher.publish(eventOf(before));
        Await.until(() -> closed.statuses.contains(before) && open.statuses.contains(before), "both heard the first event");

        subscription.close();
        Execution after = pending("e-after");
        publisher.publish(eventOf(after));
        publisher.logAppended(ALICE, "p-1", line("e-after", 1));
        Await.until(() -> open.logs.size() == 1, "the open subscription heard the later events");
        assertEquals(List.of(before), closed.statuses);
        assertEquals(List.of(), closed.logs);
        subscription.close();   // closing twice is harmless
    }

    @Test
    void aListenerThatThrowsStopsNeitherTheOthersNorLaterEvents() {
        ExecutionEvents publisher = instance("a");
        ExecutionEvents watcher = instance("b");
        AtomicInteger calls = new AtomicInteger();
        watcher.subscribe(new ExecutionEvents.Listener() {
            @Override
            public void statusChanged(Execution execution) {
                calls.incrementAndGet();
                throw new IllegalStateException("a broken listener");
            }

            @Override
            public void logAppended(UserId owner, String projectId, LogLine line) {
                calls.incrementAndGet();
                throw new IllegalStateException("a broken listener");
            }
        });
        Recorder healthy = new Recorder();
        watcher.subscribe(healthy);

        publisher.publish(eventOf(pending("e-1")));
        publisher.logAppended(ALICE, "p-1", line("e-1", 1));
        publisher.publish(eventOf(completed("e-1")));
        Await.until(() -> healthy.statuses.size() == 2 && healthy.logs.size() == 1, "the healthy listener heard everything");
        assertEquals(3, calls.get(), "the throwing listener was still called for every event");
    }

    @Test
    void anEventPublishedAgainHereAndByAnotherInstanceIsHeardOnceOnEveryInstance() {
        ExecutionEvents first = instance("a");
        ExecutionEvents second = instance("b");
        List<Recorder> recorders = List.of(new Recorder(), new Recorder(), new Recorder());
        first.subscribe(recorders.get(0));
        second.subscribe(recorders.get(1));
        instance("c").subscribe(recorders.get(2));
        Execution done = completed("e-1");
        ExecutionEvent event = eventOf("ev-done", done);

        first.publish(event);
        Await.until(() -> recorders.get(2).statuses.contains(done), "the third instance heard the event");
        first.publish(event);    // its relay published it again: it could not mark it published
        second.publish(event);   // another relay published it again: the first died before marking it
        // one more event from each publisher: once they arrived, so did the repeats published before them
        Execution lastOfFirst = pending("e-last-a");
        Execution lastOfSecond = pending("e-last-b");
        first.publish(eventOf(lastOfFirst));
        second.publish(eventOf(lastOfSecond));

        for (Recorder recorder : recorders) {
            Await.until(() -> recorder.statuses.containsAll(List.of(lastOfFirst, lastOfSecond)), "the last events arrived");
            assertEquals(1, Collections.frequency(recorder.statuses, done), "heard once: " + recorder.statuses);
            assertEquals(3, recorder.statuses.size(), "nothing else: " + recorder.statuses);
        }
    }

    @Test
    void twoEventsWithTheSameExecutionAreBothHeard() {
        ExecutionEvents first = instance("a");
        Recorder watcher = new Recorder();
        instance("c").subscribe(watcher);
        Execution queued = pending("e-1");

        // the same content, two events: the bus tells events apart by id, not by what they carry
        first.publish(eventOf("ev-1", queued));
        instance("b").publish(eventOf("ev-2", queued));
        first.publish(eventOf("ev-3", completed("e-2")));

        Await.until(() -> watcher.statuses.size() >= 3, "every event arrived");
        assertEquals(2, Collections.frequency(watcher.statuses, queued));
        assertEquals(Set.of(queued, completed("e-2")), Set.copyOf(watcher.statuses));
    }

    /** A log event as a listener saw it. */
    protected record Log(UserId owner, String projectId, LogLine line) {
    }

    /** Records what one listener heard. */
    protected static final class Recorder implements ExecutionEvents.Listener {
        public final List<Execution> statuses = new CopyOnWriteArrayList<>();
        public final List<Log> logs = new CopyOnWriteArrayList<>();

        @Override
        public void statusChanged(Execution execution) {
            statuses.add(execution);
        }

        @Override
        public void logAppended(UserId owner, String projectId, LogLine line) {
            logs.add(new Log(owner, projectId, line));
        }
    }
}
