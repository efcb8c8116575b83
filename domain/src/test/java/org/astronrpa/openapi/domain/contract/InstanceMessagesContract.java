package org.astronrpa.openapi.domain.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.astronrpa.openapi.domain.cluster.InstanceMessages;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.Test;

/**
 * What every {@link InstanceMessages} must do, whether it has other instances to ask or not: asking never throws,
 * and a receiver hears only the requests addressed to its own instance. That an addressed instance hears a request
 * is specific to the implementations that have other instances (see the subclasses). Subclassed once per
 * implementation.
 */
public abstract class InstanceMessagesContract {
    protected static final UserId ALICE = new UserId("alice");

    /**
     * The messages of instance {@code id} of this test's cluster; another id is another instance. An implementation
     * that serves a single instance returns that instance for every id.
     */
    protected abstract InstanceMessages instance(String id);

    @Test
    void requestsToAnInstanceNobodyRunsAreDroppedQuietly() {
        InstanceMessages a = instance("a");
        Recorder atA = new Recorder();
        a.receive(atA);
        InstanceMessages b = instance("b");
        b.requestStop("nobody", new ExecutionId("e-1"));
        a.requestStop("nobody", new ExecutionId("e-2"));
        Await.pause(Duration.ofMillis(200));   // time enough to arrive, were it (wrongly) delivered
        assertEquals(List.of(), atA.heard);
    }

    /** Records the requests one receiver heard, as {@code stop <execution>}. */
    public static class Recorder implements InstanceMessages.Receiver {
        public final List<String> heard = new CopyOnWriteArrayList<>();

        @Override
        public void stop(ExecutionId execution) {
            heard.add("stop " + execution.value());
        }
    }
}
