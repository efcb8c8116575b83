package org.astronrpa.openapi.domain.cluster;

import org.astronrpa.openapi.domain.execution.ExecutionId;

/**
 * Requests addressed to one other instance: tell the robot running an execution to stop (it holds that robot's
 * connection). Delivery is best effort: the database stays the source of truth. (Queued work needs no request:
 * every instance hears of it on the execution bus, from the outbox.)
 */
public interface InstanceMessages {

    /** What an instance does when asked. */
    @FunctionalInterface
    interface Receiver {
        void stop(ExecutionId execution);
    }

    void requestStop(String instance, ExecutionId execution);

    /** Starts delivering requests addressed to this instance. */
    void receive(Receiver receiver);

    /** One instance: nobody to ask. */
    InstanceMessages SINGLE_INSTANCE = new InstanceMessages() {
        @Override
        public void requestStop(String instance, ExecutionId execution) {
        }

        @Override
        public void receive(Receiver receiver) {
        }
    };
}
