package org.astronrpa.openapi.simulator;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The smallest WebSocket server the tests need (RFC 6455 over {@link ServerSocket}): the opening handshake,
 * unfragmented or fragmented text frames from the client (masked), text and close frames to it (unmasked),
 * the closing handshake. It answers {@code {"channel": "ping"}} with {@code {"channel": "pong"}} as the service
 * does, and can refuse handshakes with an HTTP status.
 */
final class TestWsServer implements AutoCloseable {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int TEXT = 0x1;
    private static final int CLOSE = 0x8;
    private static final int PING = 0x9;
    private static final int PONG = 0xA;

    private final ServerSocket server;
    private final BlockingQueue<Connection> accepted = new LinkedBlockingQueue<>();
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger refuseNext = new AtomicInteger();
    private final AtomicInteger handshakes = new AtomicInteger();

    TestWsServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "test-ws-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/ws");
    }

    /** The next {@code count} handshakes are answered 401. */
    void refuseNext(int count) {
        refuseNext.set(count);
    }

    /** Upgrade requests seen, refused ones included. */
    int handshakes() {
        return handshakes.get();
    }

    /** The next accepted connection, or fails after {@code timeout}. */
    Connection awaitConnection(Duration timeout) throws InterruptedException {
        Connection c = accepted.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (c == null) {
            throw new AssertionError("no WebSocket connection within " + timeout);
        }
        return c;
    }

    /** The next accepted connection, or empty after {@code timeout}. */
    Optional<Connection> pollConnection(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(accepted.poll(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Connection c : connections) {
            c.abort();
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread t = new Thread(() -> serve(socket), "test-ws-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            String requestLine = readLine(in);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            handshakes.incrementAndGet();
            if (refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                out.write("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return;
            }
            String accept = Base64.getEncoder().encodeToString(
                    sha1(headers.get("sec-websocket-key") + GUID));
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Connection c = new Connection(socket, out, requestLine.split(" ")[1], headers);
            connections.add(c);
            accepted.add(c);
            c.readLoop(new DataInputStream(in));
        } catch (IOException e) {
            // connection gone
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new EOFException();
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private static byte[] sha1(String s) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.ISO_8859_1));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One accepted WebSocket connection, as the server sees it. */
    static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final String target;
        private final Map<String, String> headers;
        private final List<String> texts = new ArrayList<>();
        private final CountDownLatch closed = new CountDownLatch(1);
        private volatile int closeCode = -1;
        private volatile boolean closeSent;

        private Connection(Socket socket, OutputStream out, String target, Map<String, String> headers) {
            this.socket = socket;
            this.out = out;
            this.target = target;
            this.headers = headers;
        }

        /** The request target, e.g. {@code /ws?key=k}. */
        String target() {
            return target;
        }

        /** A header of the upgrade request (name in any case), or null. */
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** Every text message received so far, pings included. */
        synchronized List<String> texts() {
            return List.copyOf(texts);
        }

        /** The first message received that matches, waiting up to {@code timeout}. */
        synchronized Optional<String> awaitText(Predicate<String> matches, Duration timeout)
                throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                for (String text : texts) {
                    if (matches.test(text)) {
                        return Optional.of(text);
                    }
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return Optional.empty();
                }
                wait(left);
            }
        }

        /** How many messages received so far match. */
        synchronized long count(Predicate<String> matches) {
            return texts.stream().filter(matches).count();
        }

        void send(String text) throws IOException {
            writeFrame(TEXT, text.getBytes(StandardCharsets.UTF_8));
        }

        /** Starts the closing handshake; the socket closes when the client answers. */
        void close(int code) throws IOException {
            closeSent = true;
            writeFrame(CLOSE, ByteBuffer.allocate(2).putShort((short) code).array());
        }

        /** Drops the TCP connection without a close frame. */
        void abort() {
            try {
                socket.close();
            } catch (IOException e) {
                // already closed
            }
        }

        boolean awaitClosed(Duration timeout) throws InterruptedException {
            return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** The status code of the client's close frame, or -1 when it sent none. */
        int closeCode() {
            return closeCode;
        }

        private synchronized void received(String text) {
            texts.add(text);
            notifyAll();
        }

        private void readLoop(DataInputStream in) throws IOException {
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            try {
                while (true) {
                    int b0 = in.readUnsignedByte();
                    int b1 = in.readUnsignedByte();
                    boolean fin = (b0 & 0x80) != 0;
                    int opcode = b0 & 0x0F;
                    long length = b1 & 0x7F;
                    if (length == 126) {
                        length = in.readUnsignedShort();
                    } else if (length == 127) {
                        length = in.readLong();
                    }
                    byte[] mask = (b1 & 0x80) != 0 ? in.readNBytes(4) : new byte[4];
                    byte[] payload = in.readNBytes((int) length);
                    for (int i = 0; i < payload.length; i++) {
                        payload[i] ^= mask[i % 4];
                    }
                    switch (opcode) {
                        case 0x0, TEXT -> {
                            message.write(payload);
                            if (fin) {
                                String text = message.toString(StandardCharsets.UTF_8);
                                message.reset();
                                received(text);
                                if (SimulatedRobot.PING.equals(text)) {
                                    send("{\"channel\": \"pong\"}");
                                }
                            }
                        }
                        case CLOSE -> {
                            closeCode = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                            if (!closeSent) {
                                writeFrame(CLOSE, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0]);
                            }
                            return;
                        }
                        case PING -> writeFrame(PONG, payload);
                        default -> {
                            // pong or binary: not used by the tests
                        }
                    }
                }
            } catch (EOFException e) {
                // dropped without a close frame
            } finally {
                closed.countDown();
                abort();
            }
        }

        private void writeFrame(int opcode, byte[] payload) throws IOException {
            synchronized (out) {
                out.write(0x80 | opcode);
                if (payload.length < 126) {
                    out.write(payload.length);
                } else if (payload.length < 65_536) {
                    out.write(126);
                    out.write(payload.length >>> 8);
                    out.write(payload.length & 0xFF);
                } else {
                    out.write(127);
                    out.write(ByteBuffer.allocate(8).putLong(payload.length).array());
                }
                out.write(payload);
                out.flush();
            }
        }
    }
}
