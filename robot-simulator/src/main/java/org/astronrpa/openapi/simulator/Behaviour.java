package org.astronrpa.openapi.simulator;

/**
 * What a {@link SimulatedRobot} does with a {@code remote}/{@code run} frame. Chosen per robot and changeable
 * at runtime ({@link SimulatedRobot#behaviour(Behaviour)}); a change applies from the next run on.
 *
 * <p>Every successful outcome is the scheduler envelope of the real robot,
 * {@code {"code": "0000", "msg": "", "data": {"echo": <run params>, "project_id": <the run's project_id>}}}.
 * A behaviour that honours stops ends its run on {@code remote}/{@code stop} or {@code stop_current} and then
 * sends no reply (unless the robot was built with {@code replyOnStop}, as the newer desktop robot does).
 */
public sealed interface Behaviour {

    /** After {@code delayMs}, the success envelope echoing the run's parameters. */
    static Behaviour echo(long delayMs) {
        return new Echo(delayMs);
    }

    /** At once, {@code {"code": code, "msg": msg, "data": null}} (the newer robot's failure shape). */
    static Behaviour errorCode(String code, String msg) {
        return new ErrorCode(code, msg);
    }

    /** At once, the JSON string {@code text} as {@code data} (what a robot sends when its handler raises). */
    static Behaviour errorString(String text) {
        return new ErrorString(text);
    }

    /** After {@code delayMs}, the success envelope serialised into a JSON string, as {@code data}. */
    static Behaviour jsonString(long delayMs) {
        return new JsonString(delayMs);
    }

    /** Keeps the run (the robot stays busy) and never replies; a stop ends the run, still without a reply. */
    static Behaviour neverReply() {
        return new NeverReply();
    }

    /**
     * {@code lines} log frames {@code {"channel": "execution", "key": "log", "data": {"execution_id", "level":
     * "INFO", "message": "line i"}}}, each after {@code intervalMs}, then the success envelope.
     */
    static Behaviour streamLogs(int lines, long intervalMs) {
        return new StreamLogs(lines, intervalMs);
    }

    /** Like {@link #echo(long)}, but a stop is logged and ignored: the reply comes anyway. */
    static Behaviour ignoreStop(long delayMs) {
        return new IgnoreStop(delayMs);
    }

    /**
     * Drops the connection right after receiving the run, reconnects after {@code reconnectAfterMs}, waits
     * {@code replyAfterReconnectMs} more and replies with the success envelope on the new connection.
     */
    static Behaviour disconnectMidRun(long reconnectAfterMs, long replyAfterReconnectMs) {
        return new DisconnectMidRun(reconnectAfterMs, replyAfterReconnectMs);
    }

    /** Whether a stop frame ends a run of this behaviour. */
    default boolean honoursStop() {
        return true;
    }

    record Echo(long delayMs) implements Behaviour {
        public Echo {
            requireNotNegative("delayMs", delayMs);
        }
    }

    record ErrorCode(String code, String msg) implements Behaviour {
        public ErrorCode {
            requireNonNull("code", code);
            requireNonNull("msg", msg);
        }
    }

    record ErrorString(String text) implements Behaviour {
        public ErrorString {
            requireNonNull("text", text);
        }
    }

    record JsonString(long delayMs) implements Behaviour {
        public JsonString {
            requireNotNegative("delayMs", delayMs);
        }
    }

    record NeverReply() implements Behaviour {
    }

    record StreamLogs(int lines, long intervalMs) implements Behaviour {
        public StreamLogs {
            requireNotNegative("lines", lines);
            requireNotNegative("intervalMs", intervalMs);
        }
    }

    record IgnoreStop(long delayMs) implements Behaviour {
        public IgnoreStop {
            requireNotNegative("delayMs", delayMs);
        }

        @Override
        public boolean honoursStop() {
            return false;
        }
    }

    record DisconnectMidRun(long reconnectAfterMs, long replyAfterReconnectMs) implements Behaviour {
        public DisconnectMidRun {
            requireNotNegative("reconnectAfterMs", reconnectAfterMs);
            requireNotNegative("replyAfterReconnectMs", replyAfterReconnectMs);
        }
    }

    private static void requireNotNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }

    private static void requireNonNull(String name, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
    }
}
