package org.astronrpa.openapi.domain.execution;

/** What an execution decided about going back to its queue ({@link Execution#requeueIfNeverSent}). */
public sealed interface Requeue {

    /** Certainly never sent: PENDING again, at its old place in the queue. */
    record Requeued(Execution next) implements Requeue {
    }

    /** It may have reached the robot: it stays RUNNING until the reply or its timeout. */
    record MaybeSent(Execution current) implements Requeue {
    }

    /** It no longer runs that run (it ended, or was requeued and dispatched again): nothing changes. */
    record NotThatRun(Execution current) implements Requeue {
    }
}
