package org.astronrpa.openapi.domain.cluster;

import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * Requests addressed to one other instance: look at a user's queue (it holds an idle robot of that user), or
 * tell the robot running an execution to stop (it holds that robot's connection). Delivery is best effort:
 * the database stays the source of truth and every instance rescans its users' queues periodically.
 */
public interface InstanceMessages {

    /** What an instance does when asked. */
    interface Receiver {
        void dispatch(UserId owner);

        void stop(ExecutionId execution);
    }

    void requestDispatch(String instance, UserId owner);

    void requestStop(String instance, ExecutionId execution);

    /** Starts delivering requests addressed to this instance. */
    void receive(Receiver receiver);

    /** One instance: nobody to ask. */
    InstanceMessages SINGLE_INSTANCE = new InstanceMessages() {
        @Override
        public void requestDispatch(String instance, UserId owner) {
        }

        @Override
        public void requestStop(String instance, ExecutionId execution) {
        }

        @Override
        public void receive(Receiver receiver) {
        }
    };
}
