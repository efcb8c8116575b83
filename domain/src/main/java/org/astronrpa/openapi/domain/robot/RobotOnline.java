package org.astronrpa.openapi.domain.robot;

import org.astronrpa.openapi.domain.shared.Conflict;

/** A robot that is connected cannot be forgotten: its record is what its connection runs by. */
public final class RobotOnline extends Conflict {
    public RobotOnline(RobotId id) {
        super("robot '" + id + "' is connected; it can be forgotten once it is offline (drain it, then stop it)");
    }
}
