package org.astronrpa.openapi.domain.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.astronrpa.openapi.domain.shared.FieldError;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.junit.jupiter.api.Test;

class ExecutionCallbackTest {

    @Test
    void byDefaultACallbackHearsTheEndHoweverItEnds() {
        ExecutionCallback callback = ExecutionCallback.checked("https://app.example.com/done?x=1", null, false);
        assertEquals(ExecutionCallback.ENDS, callback.orderedEvents());
        assertTrue(callback.wants("execution.timed_out"));
        assertEquals(false, callback.wants("execution.queued"));
    }

    @Test
    void itIsStoredAsOneTextAndReadBackTheSame() {
        ExecutionCallback callback = ExecutionCallback.checked("https://app.example.com/done?x=1&y=%20",
                List.of("execution.started", "execution.queued"), false);
        assertEquals("execution.queued,execution.started https://app.example.com/done?x=1&y=%20", callback.encoded());
        assertEquals(callback, ExecutionCallback.decode(callback.encoded()));
        assertNull(ExecutionCallback.decode(null));
    }

    @Test
    void badMembersAreNamedUnderCallback() {
        List<String> fields = assertThrows(InvalidInput.class, () -> ExecutionCallback.checked("ftp://x.example/",
                List.of("robot.online"), false)).errors().stream().map(FieldError::field).toList();
        assertEquals(List.of("callback.url", "callback.events"), fields);
        assertEquals(List.of("callback.url"), assertThrows(InvalidInput.class, () -> ExecutionCallback.checked(null,
                null, false)).errors().stream().map(FieldError::field).toList());
        assertEquals(List.of("callback.events"), assertThrows(InvalidInput.class, () -> ExecutionCallback.checked(
                "https://x.example/", List.of(), false)).errors().stream().map(FieldError::field).toList());
    }

    @Test
    void anExecutionKeepsItsCallbackThroughEveryChange() {
        ExecutionCallback callback = ExecutionCallback.checked("https://app.example.com/done", null, false);
        Execution queued = Execution.accept(new ExecutionId("e-1"), new org.astronrpa.openapi.domain.workflow.ProjectId(
                "p"), new org.astronrpa.openapi.domain.shared.UserId("u"), "{}", null, new ExecutionTimeout(60),
                java.time.Duration.ofSeconds(60), java.time.Instant.EPOCH).withCallback(callback);
        Execution cancelled = queued.cancel(java.time.Instant.EPOCH.plusSeconds(1));
        assertEquals(callback, cancelled.callback());
        assertThrows(IllegalStateException.class, () -> cancelled.withCallback(callback), "only a new one");
    }
}
