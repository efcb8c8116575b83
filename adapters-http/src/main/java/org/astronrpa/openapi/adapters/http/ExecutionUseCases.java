package org.astronrpa.openapi.adapters.http;

import java.util.Objects;
import org.astronrpa.openapi.application.dispatch.RobotRegistry;
import org.astronrpa.openapi.application.execution.CancelExecution;
import org.astronrpa.openapi.application.execution.AwaitExecution;
import org.astronrpa.openapi.application.execution.GetExecution;
import org.astronrpa.openapi.application.execution.ListExecutions;
import org.astronrpa.openapi.application.execution.ReadExecutionLogs;
import org.astronrpa.openapi.application.execution.StartExecution;
import org.astronrpa.openapi.application.robot.AppendRobotLog;
import org.astronrpa.openapi.application.robot.ConnectRobot;
import org.astronrpa.openapi.application.robot.DisconnectRobot;
import org.astronrpa.openapi.application.robot.HandleRobotReply;
import org.astronrpa.openapi.domain.execution.ExecutionEvents;

/** The execution side the HTTP and WebSocket adapter drives: REST use cases, the robot protocol, watchers. */
public record ExecutionUseCases(
        StartExecution start,
        GetExecution get,
        AwaitExecution await,
        ListExecutions list,
        CancelExecution cancel,
        ReadExecutionLogs logs,
        RobotRegistry robots,
        ConnectRobot connectRobot,
        DisconnectRobot disconnectRobot,
        HandleRobotReply handleReply,
        AppendRobotLog appendLog,
        ExecutionEvents events) {

    public ExecutionUseCases {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(get, "get");
        Objects.requireNonNull(await, "await");
        Objects.requireNonNull(list, "list");
        Objects.requireNonNull(cancel, "cancel");
        Objects.requireNonNull(logs, "logs");
        Objects.requireNonNull(robots, "robots");
        Objects.requireNonNull(connectRobot, "connectRobot");
        Objects.requireNonNull(disconnectRobot, "disconnectRobot");
        Objects.requireNonNull(handleReply, "handleReply");
        Objects.requireNonNull(appendLog, "appendLog");
        Objects.requireNonNull(events, "events");
    }
}
