package org.astronrpa.openapi.adapters.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.astronrpa.openapi.domain.robot.Robot;
import org.astronrpa.openapi.domain.robot.RobotEvent;
import org.astronrpa.openapi.domain.robot.RobotId;
import org.astronrpa.openapi.domain.robot.RobotIdentity;
import org.astronrpa.openapi.domain.robot.RobotLabels;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.Test;

/** A robot event crosses the channel whole, with the robot's record as it was. */
class RedisRobotChangeFeedTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00.123Z");
    private static final Robot DESK = Robot.newlySeen(new UserId("alice"), new RobotIdentity(new RobotId("Desk-1"),
            "前台", "PC-01", "sim", "2.1", List.of("excel"), RobotLabels.of("labels", Map.of("os", "windows"))), T0);
    private static final Robot BARE = Robot.newlySeen(new UserId("bob"), new RobotIdentity(new RobotId("d"), null, null,
            null, null, List.of(), null), T0);

    @Test
    void everyKindOfRobotEventIsReadBackAsItWasSent() {
        List<RobotEvent> sent = List.of(
                new RobotEvent.Online("e-1", DESK, "robot-1", "rpa-1", T0, T0.plusMillis(1)),
                new RobotEvent.Offline("e-2", DESK.seen(T0.plusSeconds(1)), "robot-1", T0.plusSeconds(1)),
                new RobotEvent.Changed("e-3", BARE, T0),
                new RobotEvent.Drained("e-4", DESK, T0),
                new RobotEvent.Revoked("e-6", DESK, T0),
                new RobotEvent.Deleted("e-5", BARE, T0),
                new RobotEvent.Enrolled("e-7", DESK, T0));
        for (RobotEvent event : sent) {
            assertEquals(event, RedisRobotChangeFeed.decode(RedisRobotChangeFeed.encode(event)));
        }
    }
}
