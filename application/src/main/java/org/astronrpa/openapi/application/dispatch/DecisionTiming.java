package org.astronrpa.openapi.application.dispatch;

/**
 * Times each dispatch decision — a look at an owner's queue and idle robots that hands one execution to one robot, or
 * finds nothing to hand — for the metrics (the bootstrap measures with the monotonic clock, which the application may
 * not read itself).
 */
public interface DecisionTiming {

    /** An opaque mark of when a decision starts. */
    long start();

    /** The decision begun at {@code start} is made: an execution was handed to a robot, or not. */
    void decided(long start, boolean handed);

    /** Not timed. */
    DecisionTiming NONE = new DecisionTiming() {
        @Override
        public long start() {
            return 0;
        }

        @Override
        public void decided(long start, boolean handed) {
        }
    };
}
