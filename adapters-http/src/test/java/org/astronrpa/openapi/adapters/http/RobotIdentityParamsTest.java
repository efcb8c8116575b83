package org.astronrpa.openapi.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.astronrpa.openapi.domain.robot.RobotIdentity;
import org.astronrpa.openapi.domain.robot.RobotLabels;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.junit.jupiter.api.Test;

class RobotIdentityParamsTest {
    private static final Map<String, String> NONE = Map.of();

    private static RobotIdentity identity(Map<String, String> query, Map<String, String> headers) {
        return RobotIdentityParams.of(query::get, headers::get).orElseThrow();
    }

    private static String refusedField(Map<String, String> query, Map<String, String> headers) {
        return assertThrows(InvalidInput.class, () -> RobotIdentityParams.of(query::get, headers::get))
                .errors().get(0).field();
    }

    @Test
    void aConnectionThatSaysNothingIsAnUnnamedRobot() {
        assertTrue(RobotIdentityParams.of(NONE::get, NONE::get).isEmpty());
    }

    @Test
    void everyFieldComesFromTheQueryOrElseFromItsHeader() {
        RobotIdentity byQuery = identity(Map.of("robot_id", "desk-7", "robot_name", "Front desk", "machine", "PC-7",
                "client", "rpa-robot-simulator", "version", "0.1.0", "capabilities", "python, browser,,ocr",
                "labels", "os=windows, site=lyon"), NONE);
        assertEquals("desk-7", byQuery.id().value());
        assertEquals("Front desk", byQuery.name());
        assertEquals("PC-7", byQuery.machine());
        assertEquals("rpa-robot-simulator", byQuery.clientKind());
        assertEquals("0.1.0", byQuery.clientVersion());
        assertEquals(List.of("python", "browser", "ocr"), byQuery.capabilities());
        assertEquals(new RobotLabels(Map.of("os", "windows", "site", "lyon")), byQuery.labels());

        RobotIdentity byHeaders = identity(Map.of("robot_id", "from-query"), Map.of("X-Robot-Id", "from-header",
                "X-Robot-Name", "Back office", "X-Robot-Labels", "tier=gold"));
        assertEquals("from-query", byHeaders.id().value(), "the query first");
        assertEquals("Back office", byHeaders.name());
        assertEquals(new RobotLabels(Map.of("tier", "gold")), byHeaders.labels());
        assertEquals("d1", identity(NONE, Map.of("X-Robot-Id", "d1")).name(), "named after its id");
    }

    @Test
    void aRefusalNamesTheField() {
        assertEquals("robot_id", refusedField(Map.of("robot_name", "Front desk"), NONE), "anything said needs an id");
        assertEquals("robot_id", refusedField(NONE, Map.of("X-Robot-Labels", "os=linux")));
        assertEquals("robot_id", refusedField(Map.of("robot_id", "desk 7"), NONE));
        assertEquals("labels", refusedField(Map.of("robot_id", "d1", "labels", "os"), NONE));
        assertEquals("labels.os", refusedField(Map.of("robot_id", "d1", "labels", "os=linux,os=windows"), NONE));
        assertEquals("labels.OS", refusedField(Map.of("robot_id", "d1", "labels", "OS=linux"), NONE));
        assertEquals("labels.os", refusedField(Map.of("robot_id", "d1", "labels", "os="), NONE));
        assertEquals("capabilities[0]", refusedField(Map.of("robot_id", "d1", "capabilities", "a b"), NONE));
        assertEquals("robot_name", refusedField(Map.of("robot_id", "d1", "robot_name", " "), NONE));
        assertEquals("machine", refusedField(Map.of("robot_id", "d1", "machine", "m".repeat(256)), NONE));
    }
}
