package org.astronrpa.openapi.domain.execution;

/**
 * What a robot replied to a run, as the protocol adapter read it: a JSON object (or a string holding one),
 * any other string, or anything else. {@link #outcome()} applies the rule of API.md §3.
 */
public sealed interface RobotReply {

    /** An object: its {@code code} and {@code msg} when they are strings, its {@code data} as JSON text. */
    record ObjectReply(String code, String msg, String dataJson) implements RobotReply {
    }

    /** A string that is not a JSON object: the robot's error sentence. */
    record TextReply(String text) implements RobotReply {
    }

    /** A number, array, boolean or null. */
    record OtherReply(String json) implements RobotReply {
    }

    /** The scheduler's success code. */
    String SUCCESS_CODE = "0000";
    /** What the astron-rpa robot answers when it is already running something ("a task is running"). */
    String BUSY_MESSAGE = "有任务在运行中";

    /** What the reply means for the execution. */
    default Outcome outcome() {
        return switch (this) {
            case ObjectReply(String code, String msg, String data) when SUCCESS_CODE.equals(code) ->
                    new Outcome.Succeeded(data == null ? "null" : data);
            case ObjectReply(String code, String msg, String data) when msg != null && msg.contains(BUSY_MESSAGE) ->
                    new Outcome.Failed(msg, ErrorCode.ROBOT_BUSY);
            case ObjectReply(String code, String msg, String data) -> new Outcome.Failed(
                    msg != null && !msg.isBlank() ? msg : "the robot answered code " + (code == null ? "(none)" : code),
                    ErrorCode.ROBOT_ERROR);
            case TextReply(String text) -> new Outcome.Failed(text.isBlank() ? "the robot answered an empty string" : text,
                    text.contains(BUSY_MESSAGE) ? ErrorCode.ROBOT_BUSY : ErrorCode.ROBOT_ERROR);
            case OtherReply(String json) -> new Outcome.Failed("the robot answered an unexpected value: " + abbreviate(json),
                    ErrorCode.ROBOT_ERROR);
        };
    }

    private static String abbreviate(String json) {
        return json.length() <= 200 ? json : json.substring(0, 200) + "…";
    }

    /** The two ways a reply ends an execution. */
    sealed interface Outcome {
        record Succeeded(String resultJson) implements Outcome {
        }

        /** {@code code} is ROBOT_BUSY when the robot said it was running something else, else ROBOT_ERROR. */
        record Failed(String error, ErrorCode code) implements Outcome {
        }
    }
}
