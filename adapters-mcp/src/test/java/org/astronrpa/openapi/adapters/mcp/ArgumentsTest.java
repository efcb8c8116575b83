package org.astronrpa.openapi.adapters.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.astronrpa.openapi.domain.shared.FieldError;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.junit.jupiter.api.Test;

class ArgumentsTest {
    @Test
    void wholeNumbersInAnyJsonFormAreIntegersAndFractionsAreNot() {
        Arguments args = new Arguments(Map.of("a", 7, "b", 7L, "c", 7.0, "d", new BigDecimal("7.5")),
                Set.of("a", "b", "c", "d", "e"));
        assertEquals(7, args.integer("a", 0, 10, null));
        assertEquals(7, args.integer("b", 0, 10, null));
        assertEquals(7, args.integer("c", 0, 10, null));
        assertNull(args.integer("d", 0, 10, null));
        assertEquals(3, args.integer("e", 0, 10, 3), "absent: the default");
        InvalidInput refused = assertThrows(InvalidInput.class, args::check);
        assertEquals(List.of("d"), refused.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void everyProblemIsNamedAtOnceUnknownArgumentsIncluded() {
        Arguments args = new Arguments(Map.of("execution_id", 5, "wait_seconds", 99, "color", "red"),
                Set.of("execution_id", "wait_seconds", "project_id"));
        args.text("execution_id", true, false, 64);
        args.integer("wait_seconds", 0, 60, 0);
        args.text("project_id", true, true, 100);
        InvalidInput refused = assertThrows(InvalidInput.class, args::check);
        assertEquals(Set.of("color", "execution_id", "wait_seconds", "project_id"),
                Set.copyOf(refused.errors().stream().map(FieldError::field).toList()));
    }

    @Test
    void anIdMayBeAnIntegerWhereAllowed() {
        Arguments args = new Arguments(Map.of("project_id", 12345), Set.of("project_id"));
        assertEquals("12345", args.text("project_id", true, true, 100));
        args.check();
    }

    @Test
    void theKeyIsReadFromTheRawQueryAndAWorkflowToolArgumentIsNamedWithoutItsParamsPrefix() {
        assertEquals("rpa_a+b", CallerFilter.queryParameter("x=1&key=rpa_a%2Bb", "key"));
        assertNull(CallerFilter.queryParameter("keys=1", "key"));
        assertNull(CallerFilter.queryParameter(null, "key"));
        assertEquals("amount", WorkflowCalls.argumentName("params.amount"));
        assertEquals("arguments", WorkflowCalls.argumentName("params"));
        assertEquals("_meta.idempotency_key", WorkflowCalls.argumentName("_meta.idempotency_key"));
    }

    @Test
    void aTargetNamesARobotOrLabelsAndARefusalNamesTheMember() {
        Arguments ok = new Arguments(Map.of("a", Map.of("robot_id", "desk-1"), "b", Map.of("labels", Map.of("os", "windows"))),
                Set.of("a", "b", "c"));
        assertEquals(org.astronrpa.openapi.domain.robot.RobotTarget.robot(new org.astronrpa.openapi.domain.robot.RobotId("desk-1")),
                ok.target("a"));
        assertEquals("labels:os=windows", ok.target("b").key());
        assertEquals(org.astronrpa.openapi.domain.robot.RobotTarget.ANY, ok.target("c"));
        ok.check();

        Arguments bad = new Arguments(Map.of("a", Map.of("robot_id", "a b"), "b", Map.of("labels", Map.of("OS", "x")),
                "c", "desk-1", "d", Map.of("labels", Map.of("os", 1)), "e", Map.of("robot_id", "x", "labels", Map.of())),
                Set.of("a", "b", "c", "d", "e"));
        for (String name : List.of("a", "b", "c", "d", "e")) {
            bad.target(name);
        }
        InvalidInput refused = assertThrows(InvalidInput.class, bad::check);
        assertEquals(Set.of("a.robot_id", "b.labels.OS", "c", "d.labels.os", "e"),
                Set.copyOf(refused.errors().stream().map(FieldError::field).toList()));
    }
}
