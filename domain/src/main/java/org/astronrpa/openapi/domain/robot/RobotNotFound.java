package org.astronrpa.openapi.domain.robot;

import org.astronrpa.openapi.domain.shared.NotFound;

/** No robot of this id belongs to the caller (another user may have one: we never say). */
public final class RobotNotFound extends NotFound {
    public RobotNotFound(RobotId id) {
        super("robot '" + id + "' was not found");
    }
}
