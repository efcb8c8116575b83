package org.astronrpa.openapi.domain.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.astronrpa.openapi.domain.execution.Execution;
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
 * reaches each subscribed listener of every instance once, in the order published; closing a subscription stops
 * delivery to it; a listener that throws stops nobody. Delivery may be asynchronous, so the tests wait for it.
 * Subclassed once per implementation.
 */
public abstract class ExecutionEventsContract {
    protected static final UserId ALICE = new UserId("alice");
    protected static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");

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
        publisher.statusChanged(done);
        publisher.logAppended(ALICE, "p-1", line);
        Await.until(() -> atWatcher.logs.size() == 1, "the events reached the watching instance");
        Execution last = pending("e-last");
        watcher.statusChanged(last);   // reaches the publisher after its own events came back to it, if they do

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
        publisher.statusChanged(before);
        Await.until(() -> closed.statuses.contains(before) && open.statuses.contains(before), "both heard the first event");

        subscription.close();
        Execution after = pending("e-after");
        publisher.statusChanged(after);
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

        publisher.statusChanged(pending("e-1"));
        publisher.logAppended(ALICE, "p-1", line("e-1", 1));
        publisher.statusChanged(completed("e-1"));
        Await.until(() -> healthy.statuses.size() == 2 && healthy.logs.size() == 1, "the healthy listener heard everything");
        assertEquals(3, calls.get(), "the throwing listener was still called for every event");
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
