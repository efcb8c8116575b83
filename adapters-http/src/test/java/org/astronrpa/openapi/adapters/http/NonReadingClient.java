package org.astronrpa.openapi.adapters.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client over a plain TCP socket that does the handshake and then never reads again: what the server
 * sends piles up in its buffers. It can flood the server with text frames until the server cuts it off.
 */
final class NonReadingClient implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;

    NonReadingClient(int port, String path, String... headers) throws IOException {
        socket = new Socket();
        socket.setReceiveBufferSize(4096);   // small, so the server's writes stall soon
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        out = socket.getOutputStream();
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(new byte[16]) + "\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = readHeaders(socket.getInputStream());
        if (!status.startsWith("HTTP/1.1 101")) {
            throw new IOException("no upgrade: " + status);
        }
    }

    /** Reads the handshake answer byte by byte (nothing after it), returning its status line. */
    private static String readHeaders(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during the handshake: " + head);
            }
            head.append((char) b);
        }
        return head.substring(0, head.indexOf("\r\n"));
    }

    /**
     * Sends {@code text} frames as fast as the server takes them, for at most {@code millis}.
     *
     * @return how many it sent before the server cut the connection, or -1 if it was still open at the end
     */
    long flood(String text, long millis) {
        byte[] frame = maskedTextFrame(text);
        byte[] batch = new byte[frame.length * 64];
        for (int i = 0; i < 64; i++) {
            System.arraycopy(frame, 0, batch, i * frame.length, frame.length);
        }
        long deadline = System.nanoTime() + millis * 1_000_000;
        long sent = 0;
        try {
            while (System.nanoTime() < deadline) {
                out.write(batch);
                sent += 64;
            }
            return -1;
        } catch (IOException cut) {
            return sent;
        }
    }

    private static byte[] maskedTextFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length > 125) {
            throw new IllegalArgumentException("short frames only");
        }
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }

    /** Drops the connection with unread data pending: the kernel answers with a reset. */
    void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
