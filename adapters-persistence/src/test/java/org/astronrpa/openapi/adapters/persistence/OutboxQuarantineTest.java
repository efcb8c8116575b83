package org.astronrpa.openapi.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OutboxQuarantineTest {

    @Test
    void aReasonIsOneLineAndAnUnknownTypeIsNamedAsSuch() {
        assertEquals("unknown type workflow.archived",
                OutboxQuarantine.reason("workflow.archived", new OutboxJson.UnknownType("workflow.archived")));
        assertEquals("unreadable execution.queued: IllegalStateException: bad value at line 2",
                OutboxQuarantine.reason("execution.queued", new IllegalStateException("bad\tvalue\r\n at line 2\u0000")));
    }

    @Test
    void aLongReasonIsCutAtACharacterNotInsideOne() {
        String reason = OutboxQuarantine.reason("t", new IllegalArgumentException("🤖".repeat(300)));

        assertEquals(OutboxQuarantine.REASON_LENGTH, reason.codePointCount(0, reason.length()));
        assertEquals("🤖", reason.substring(reason.length() - 2), "no half of a surrogate pair at the end");
    }
}
