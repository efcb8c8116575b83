package org.astronrpa.openapi.adapters.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A request refused before its body is read (no credentials here) is answered after the body was read and dropped:
 * a client still sending its body reads the 401 instead of a connection reset under it (the fuzz test met that).
 */
class RefusedBodyHttpTest {
    private TestApi api;

    @BeforeEach
    void start() {
        api = new TestApi();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aClientStillSendingItsBodyReadsTheRefusal() throws Exception {
        int length = 600 * 1024;
        byte[] body = new byte[length];
        Arrays.fill(body, (byte) 'x');
        body[0] = '"';
        body[length - 1] = '"';
        for (int round = 0; round < 5; round++) {
            try (Socket socket = new Socket("127.0.0.1", api.port())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /workflows/upsert HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                // the body in pieces, the server's answer ready long before its end
                for (int sent = 0; sent < length; sent += 16 * 1024) {
                    out.write(body, sent, Math.min(16 * 1024, length - sent));
                    out.flush();
                    if (sent == 0) {
                        Thread.sleep(300);
                    }
                }
                InputStream in = socket.getInputStream();
                byte[] head = in.readNBytes(12);
                String status = new String(head, StandardCharsets.US_ASCII);
                assertTrue(status.startsWith("HTTP/1.1 401"), "round " + round + ": " + status);
            }
        }
    }
}
