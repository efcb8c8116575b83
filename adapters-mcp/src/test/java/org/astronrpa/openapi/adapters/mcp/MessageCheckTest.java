package org.astronrpa.openapi.adapters.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageCheckTest {
    private static final int MAX = 1024;
    private final MessageCheck check = new MessageCheck(new Json(), MAX);

    @Test
    void aBodyOverTheLimitIsRefusedAfterItIsReadSoTheClientStillSendingCanReadThe413() throws IOException {
        byte[] body = new byte[MAX + 500];
        ByteArrayInputStream declared = new ByteArrayInputStream(body);
        ByteArrayInputStream chunked = new ByteArrayInputStream(body);

        MessageCheck.Refusal byLength = assertInstanceOf(MessageCheck.Refusal.class, check.check(body.length, declared));
        MessageCheck.Refusal byReading = assertInstanceOf(MessageCheck.Refusal.class, check.check(-1, chunked));

        assertEquals(413, byLength.status());
        assertEquals(413, byReading.status());
        assertEquals(0, declared.available(), "declared length within the drain bound: read to its end");
        assertEquals(0, chunked.available(), "no declared length: read to its end");
    }

    @Test
    void aBodyFarOverTheLimitIsDrainedOnlyUpToTheBoundOrNotAtAll() throws IOException {
        byte[] body = new byte[MAX * 10];
        ByteArrayInputStream declared = new ByteArrayInputStream(body);
        ByteArrayInputStream chunked = new ByteArrayInputStream(body);

        assertEquals(413, assertInstanceOf(MessageCheck.Refusal.class, check.check(body.length, declared)).status());
        assertEquals(413, assertInstanceOf(MessageCheck.Refusal.class, check.check(-1, chunked)).status());

        assertEquals(body.length, declared.available(), "declared beyond the bound: refused without reading");
        assertEquals(body.length - check.drainBytes(), chunked.available(), "read up to the bound, no further");
    }

    @Test
    void aBodyAtTheLimitIsReadAndChecked() throws IOException {
        String message = "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"ping\"}";
        byte[] body = message.getBytes(StandardCharsets.UTF_8);

        MessageCheck.Message read = assertInstanceOf(MessageCheck.Message.class,
                check.check(body.length, new ByteArrayInputStream(body)));

        assertEquals("ping", read.method());
    }
}
