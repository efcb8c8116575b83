package org.astronrpa.openapi.simulator.bench;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A minimal robot on plain sockets, for counts where a JDK WebSocket plus the simulator's two thread pools per
 * robot are too heavy (thousands of idle connections): handshake with the gateway's {@code user_id} header, a
 * reader on a virtual thread, {@code {"channel": "ping"}} on demand or every {@code pingMillis}. It never runs
 * anything (an idle robot). Client frames are masked as RFC 6455 requires.
 */
final class LeanRobot implements AutoCloseable {
    static final String PING = "{\"channel\": \"ping\"}";

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final AtomicReference<CompletableFuture<Long>> pong = new AtomicReference<>();
    private volatile boolean open = true;
    private volatile boolean answerRuns;
    private final java.util.concurrent.atomic.AtomicLong runsAnswered = new java.util.concurrent.atomic.AtomicLong();
    private static final java.util.regex.Pattern EVENT_ID = java.util.regex.Pattern.compile("\"event_id\":\"([^\"]+)\"");
    private volatile String closedBecause;

    private LeanRobot(Socket socket, DataInputStream in) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = in;
    }

    /** Connects and completes the upgrade; throws when the server does not answer 101. */
    static LeanRobot connect(URI ws, String userId, int timeoutMs) throws IOException {
        return connect(ws, userId, java.util.Map.of(), timeoutMs);
    }

    /** As {@link #connect(URI, String, int)}, with further upgrade headers (a managed robot's X-Robot-*). */
    static LeanRobot connect(URI ws, String userId, java.util.Map<String, String> headers, int timeoutMs)
            throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        try {
            s.connect(new InetSocketAddress(ws.getHost(), ws.getPort()), timeoutMs);
            s.setSoTimeout(timeoutMs);
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            String path = ws.getRawPath() + (ws.getRawQuery() == null ? "" : "?" + ws.getRawQuery());
            String request = "GET " + path + " HTTP/1.1\r\nHost: " + ws.getHost() + ":" + ws.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                    + Base64.getEncoder().encodeToString(nonce) + "\r\nuser_id: " + userId + "\r\n"
                    + headers.entrySet().stream().map(h -> h.getKey() + ": " + h.getValue() + "\r\n")
                    .collect(java.util.stream.Collectors.joining()) + "\r\n";
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 4096));
            String status = headerBlock(in);
            if (!status.startsWith("HTTP/1.1 101")) {
                throw new IOException("upgrade refused: " + status.lines().findFirst().orElse(""));
            }
            s.setSoTimeout(0);
            LeanRobot robot = new LeanRobot(s, in);
            Thread.ofVirtual().name("lean-" + userId).start(robot::readLoop);
            return robot;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private static String headerBlock(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            sb.append((char) c);
            if (sb.length() >= 4 && sb.substring(sb.length() - 4).equals("\r\n\r\n")) {
                return sb.toString();
            }
            if (sb.length() > 16384) {
                throw new IOException("upgrade answer too long");
            }
        }
        throw new EOFException("connection closed during the upgrade");
    }

    boolean isOpen() {
        return open;
    }

    String closedBecause() {
        return closedBecause;
    }

    /** Sends a ping frame and returns a future of the pong's round trip in nanoseconds. */
    CompletableFuture<Long> ping() {
        CompletableFuture<Long> f = new CompletableFuture<>();
        long t0 = System.nanoTime();
        CompletableFuture<Long> timed = f.thenApply(t1 -> t1 - t0);
        pong.set(f);
        try {
            sendText(PING);
        } catch (IOException e) {
            f.completeExceptionally(e);
        }
        return timed;
    }

    /** A ping whose pong nobody waits for (the keep-alive every 30 s). */
    void keepAlive() throws IOException {
        sendText(PING);
    }

    void sendText(String text) throws IOException {
        send(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    private void send(int opcode, byte[] payload) throws IOException {
        int n = payload.length;
        byte[] frame = new byte[2 + (n < 126 ? 0 : 2) + 4 + n];
        int i = 0;
        frame[i++] = (byte) (0x80 | opcode);
        if (n < 126) {
            frame[i++] = (byte) (0x80 | n);
        } else if (n <= 0xFFFF) {
            frame[i++] = (byte) (0x80 | 126);
            frame[i++] = (byte) (n >>> 8);
            frame[i++] = (byte) n;
        } else {
            throw new IOException("frame too large for this client");
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        System.arraycopy(mask, 0, frame, i, 4);
        i += 4;
        for (int k = 0; k < n; k++) {
            frame[i + k] = (byte) (payload[k] ^ mask[k & 3]);
        }
        synchronized (out) {
            out.write(frame);
            out.flush();
        }
    }

    private void readLoop() {
        try {
            while (open) {
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                long len = b1 & 0x7F;
                if (len == 126) {
                    len = in.readUnsignedShort();
                } else if (len == 127) {
                    len = in.readLong();
                }
                byte[] mask = null;
                if ((b1 & 0x80) != 0) {
                    mask = new byte[4];
                    in.readFully(mask);
                }
                byte[] payload = new byte[(int) len];
                in.readFully(payload);
                if (mask != null) {
                    for (int k = 0; k < payload.length; k++) {
                        payload[k] ^= mask[k & 3];
                    }
                }
                int opcode = b0 & 0x0F;
                switch (opcode) {
                    case 0x1 -> {
                        String text = new String(payload, StandardCharsets.UTF_8);
                        if (answerRuns && text.contains("\"key\":\"run\"") && !text.contains("reply_event_id")) {
                            answer(text);
                        } else if (text.contains("\"pong\"")) {
                            CompletableFuture<Long> f = pong.getAndSet(null);
                            if (f != null) {
                                f.complete(System.nanoTime());
                            }
                        }
                    }
                    case 0x8 -> {
                        closedBecause = "close frame " + (payload.length >= 2
                                ? ((payload[0] & 0xFF) << 8 | (payload[1] & 0xFF)) : -1);
                        open = false;
                    }
                    case 0x9 -> send(0xA, payload);
                    default -> { }
                }
            }
        } catch (IOException e) {
            if (open) {
                closedBecause = e.toString();
            }
        } finally {
            open = false;
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** From now on, each run frame is answered at once with success (a robot that runs everything instantly). */
    void answerRuns() {
        answerRuns = true;
    }

    long runsAnswered() {
        return runsAnswered.get();
    }

    private void answer(String run) throws IOException {
        java.util.regex.Matcher id = EVENT_ID.matcher(run);
        if (id.find()) {
            sendText("{\"channel\":\"remote\",\"key\":\"run\",\"reply_event_id\":\"" + id.group(1)
                    + "\",\"need_reply\":true,\"data\":{\"code\":\"0000\",\"msg\":\"\",\"data\":null}}");
            runsAnswered.incrementAndGet();
        }
    }

    @Override
    public void close() {
        if (open) {
            try {
                send(0x8, new byte[] {0x03, (byte) 0xE8});
            } catch (IOException ignored) {
                // the socket goes anyway
            }
        }
        open = false;
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }
}
