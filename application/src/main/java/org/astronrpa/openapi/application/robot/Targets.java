package org.astronrpa.openapi.application.robot;

import org.astronrpa.openapi.application.dispatch.RobotRegistry;
import org.astronrpa.openapi.domain.robot.Robot;
import org.astronrpa.openapi.domain.robot.RobotRepository;
import org.astronrpa.openapi.domain.robot.RobotTarget;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * Whether a target can ever be met: it names one of the caller's robots (known by id, connected or not), or labels
 * that one of them has. A robot id is unique per owner only, so another user's robot of that id is simply not one of
 * the caller's: the answer is the same 422 as for an id nobody has (API.md §0: nothing of another user is revealed).
 */
public final class Targets {
    private final RobotRepository records;
    private final RobotRegistry connected;

    public Targets(RobotRepository records, RobotRegistry connected) {
        this.records = records;
        this.connected = connected;
    }

    /** @throws InvalidInput naming {@code target.robot_id} or {@code target.labels} when no robot of the caller fits */
    public void check(UserId caller, RobotTarget target) {
        if (target.isAny() || connected.hasRobotFor(caller, target)) {
            return;
        }
        if (target.robotId() != null) {
            if (records.find(caller, target.robotId()).isEmpty()) {
                throw InvalidInput.of("target.robot_id", "no robot of yours has the id '" + target.robotId() + "'");
            }
            return;
        }
        for (int pageNo = 1; ; pageNo++) {
            Page<Robot> page = records.page(caller, new PageRequest(pageNo, PageRequest.MAX_PAGE_SIZE));
            if (page.records().stream().anyMatch(robot -> robot.labels().matches(target.labels()))) {
                return;
            }
            if (page.records().size() < PageRequest.MAX_PAGE_SIZE) {
                throw InvalidInput.of("target.labels", "no robot of yours has the labels " + target.labels().values());
            }
        }
    }
}
