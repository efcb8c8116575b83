package org.astronrpa.openapi.simulator;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * A desktop robot on the {@code /ws} protocol (docs/API.md §5.1), behaving as the astron-rpa client does
 * (docs/ROBOT-PROTOCOL-NOTES.md §1–2) with a scripted {@link Behaviour} in place of a real RPA run.
 *
 * <ul>
 *   <li>Connects with the gateway's {@code user_id} header and/or an API key, sends nothing on open, then
 *       exactly {@code {"channel": "ping"}} every ping interval; reconnects after a fixed delay whenever the
 *       connection drops or cannot be made, until {@link #close()}.</li>
 *   <li>Drops, as the real client does, any frame that is not a JSON object or has a top-level field outside
 *       the ten protocol fields ({@link #rejectedFrames()}); ignores {@code pong}, {@code ack}, {@code exit}
 *       and frames carrying {@code reply_event_id}.</li>
 *   <li>{@code remote}/{@code run} runs the behaviour, one run at a time; a run while busy is answered
 *       {@code {"code": "5001", "msg": "有任务在运行中", "data": null}} as the newer robot does.
 *       {@code remote}/{@code stop} and {@code stop_current} end the current run if the behaviour honours
 *       stops, and are not answered. Any other request is answered with the library's error string
 *       {@code func is not exist: ('<channel>', '<key>')}.</li>
 *   <li>A reply is a copy of the run frame: {@code reply_event_id} = the run's {@code event_id}, a new
 *       {@code event_id} and {@code event_time}, {@code channel}, {@code key}, {@code need_ack},
 *       {@code need_reply} copied, {@code uuid}/{@code send_uuid} swapped, {@code data} = the outcome. It goes
 *       out on whatever connection is open when the run ends; with none, it is lost (as with the real robot).</li>
 * </ul>
 *
 * <p>Thread-safe. Frames are written as Python's {@code json.dumps(ensure_ascii=True)} writes them.
 */
public final class SimulatedRobot implements AutoCloseable {

    /** The connection's state; whether a run is going on is {@link #isBusy()}. */
    public enum State { NEW, CONNECTING, CONNECTED, WAITING_TO_RECONNECT, CLOSED }

    /** Where an API key goes in the upgrade request. */
    public enum KeyPlacement { BEARER, QUERY }

    /** The service's close code for a managed robot's connection replaced by a newer one of the same robot. */
    public static final int REPLACED = 4001;
    /** The service's close code for a managed robot its owner revoked. */
    public static final int REVOKED = 4003;

    /** The newer robot's answer to a run while another one runs. */
    public static final String BUSY_MESSAGE = "有任务在运行中";
    /** The answer to a stopped run when {@link Builder#replyOnStop(boolean)} is on. */
    public static final String STOPPED_MESSAGE = "任务已停止";
    /** The real client's ping, byte for byte. */
    public static final String PING = "{\"channel\": \"ping\"}";
    /** The only top-level fields the real client accepts (its {@code BaseMsg}). */
    public static final Set<String> FRAME_FIELDS = Set.of("reply_event_id", "event_id", "event_time", "channel",
            "key", "uuid", "send_uuid", "need_ack", "need_reply", "data");

    /** How far into a run a {@link Behaviour.DisconnectMidRun} robot drops its connection. */
    static final long MID_RUN_MS = 200;
    private static final Logger log = LoggerFactory.getLogger(SimulatedRobot.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
    private static final int LOG_CHARS = 300;

    private final String name;
    private final URI uri;
    /** {@link #uri} without the API key. */
    private final String loggedUri;
    private final Map<String, String> headers;
    private final Duration pingInterval;
    private final Duration reconnectDelay;
    private final Duration connectTimeout;
    private final boolean replyOnStop;
    private final boolean confirmStops;
    private final HttpClient http;
    private final boolean ownsHttp;
    private final ScheduledExecutorService timer;
    private final ExecutorService workers;
    private final FrameLog received;
    private final FrameLog sent;
    private final FrameLog rejected;
    private final AtomicLong runsReceived = new AtomicLong();
    private final AtomicLong repliesSent = new AtomicLong();
    private volatile Behaviour behaviour;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Serialises sends: the JDK WebSocket refuses a send while another is pending. */
    private final ReentrantLock sendLock = new ReentrantLock();
    // guarded by lock
    private State state = State.NEW;
    private Connection pending;
    private Connection current;
    private int connections;
    private Run run;
    private ScheduledFuture<?> pingTask;
    private boolean reconnectScheduled;
    private volatile boolean replaced;

    private SimulatedRobot(Builder b) {
        this.name = b.name;
        this.uri = b.effectiveUri();
        this.loggedUri = uri.toString().replaceAll("([?&]key=)[^&]*", "$1***");
        this.headers = Collections.unmodifiableMap(b.effectiveHeaders());
        this.pingInterval = b.pingInterval;
        this.reconnectDelay = b.reconnectDelay;
        this.connectTimeout = b.connectTimeout;
        this.replyOnStop = b.replyOnStop;
        this.confirmStops = b.confirmStops;
        this.behaviour = b.behaviour;
        this.ownsHttp = b.httpClient == null;
        this.http = ownsHttp ? HttpClient.newBuilder().connectTimeout(b.connectTimeout).build() : b.httpClient;
        this.timer = Executors.newSingleThreadScheduledExecutor(threads(name + "-timer"));
        this.workers = Executors.newCachedThreadPool(threads(name + "-run"));
        this.received = new FrameLog(b.frameLogLimit);
        this.sent = new FrameLog(b.frameLogLimit);
        this.rejected = new FrameLog(b.frameLogLimit);
    }

    /** A builder for a robot connecting to {@code url}, e.g. {@code ws://127.0.0.1:8020/ws}. */
    public static Builder builder(URI url) {
        return new Builder(url);
    }

    /** A builder for a robot connecting to {@code url}, e.g. {@code ws://127.0.0.1:8020/ws}. */
    public static Builder builder(String url) {
        return new Builder(URI.create(url));
    }

    /** Starts connecting (in the background; a failed attempt is retried after the reconnect delay). */
    public SimulatedRobot start() {
        lock.lock();
        try {
            if (state != State.NEW) {
                throw new IllegalStateException(name + " was already started");
            }
            state = State.CONNECTING;
        } finally {
            lock.unlock();
        }
        connect();
        return this;
    }

    // ---------------------------------------------------------------- accessors

    public String name() {
        return name;
    }

    /** The URL connected to, with {@code ?key=} when the key goes in the query. */
    public URI uri() {
        return uri;
    }

    /** The extra headers of the upgrade request. */
    public Map<String, String> headers() {
        return headers;
    }

    public State state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a run is going on (also while disconnected). */
    public boolean isBusy() {
        lock.lock();
        try {
            return run != null;
        } finally {
            lock.unlock();
        }
    }

    /** How many connections were opened so far (1 once connected, 2 after the first reconnect, …). */
    public int connectionCount() {
        lock.lock();
        try {
            return connections;
        } finally {
            lock.unlock();
        }
    }

    /** {@code remote}/{@code run} frames received, including those answered busy. */
    public long runsReceived() {
        return runsReceived.get();
    }

    /** Replies to runs that were sent (busy answers included). */
    public long repliesSent() {
        return repliesSent.get();
    }

    public Behaviour behaviour() {
        return behaviour;
    }

    /** Changes the behaviour for the next runs; a run going on keeps its behaviour. */
    public void behaviour(Behaviour next) {
        this.behaviour = Objects.requireNonNull(next, "behaviour");
    }

    /** Every text frame received (the last N, see {@link Builder#frameLogLimit(int)}), oldest first. */
    public List<Frame> receivedFrames() {
        return received.snapshot();
    }

    /** Every text frame sent, pings included. */
    public List<Frame> sentFrames() {
        return sent.snapshot();
    }

    /** Received frames the real client could not parse and drops (also in {@link #receivedFrames()}). */
    public List<Frame> rejectedFrames() {
        return rejected.snapshot();
    }

    public void clearFrames() {
        received.clear();
        sent.clear();
        rejected.clear();
    }

    // ---------------------------------------------------------------- waiting (for tests)

    /** Waits until a connection is open. */
    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        return awaitCondition(() -> state == State.CONNECTED, timeout);
    }

    /** Waits until at least {@code count} connections were opened and one is open now. */
    public boolean awaitConnectionCount(int count, Duration timeout) throws InterruptedException {
        return awaitCondition(() -> connections >= count && state == State.CONNECTED, timeout);
    }

    /** Waits until no run is going on. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return awaitCondition(() -> run == null, timeout);
    }

    /** The first received frame that matches, waiting up to {@code timeout}. */
    public Optional<Frame> awaitReceived(Predicate<? super Frame> matches, Duration timeout)
            throws InterruptedException {
        return received.await(matches, timeout);
    }

    /** The first sent frame that matches, waiting up to {@code timeout}. */
    public Optional<Frame> awaitSent(Predicate<? super Frame> matches, Duration timeout)
            throws InterruptedException {
        return sent.await(matches, timeout);
    }

    /** The reply to the run with this {@code event_id}, waiting up to {@code timeout}. */
    public Optional<Frame> awaitReply(String runEventId, Duration timeout) throws InterruptedException {
        return awaitSent(f -> runEventId.equals(f.replyEventId()), timeout);
    }

    private boolean awaitCondition(BooleanSupplier holds, Duration timeout)
            throws InterruptedException {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (!holds.getAsBoolean()) {
                if (left <= 0) {
                    return false;
                }
                left = changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- actions

    /**
     * Sends {@code frame} as it is on the open connection (for tests of malformed frames).
     *
     * @throws IllegalStateException when no connection is open or the send fails
     */
    public void raw(String frame) {
        Objects.requireNonNull(frame, "frame");
        Connection c = currentConnection();
        if (c == null) {
            throw new IllegalStateException(name + " is not connected");
        }
        if (!send(c, frame)) {
            throw new IllegalStateException(name + " could not send the frame");
        }
    }

    /**
     * Drops the open connection abruptly (no close frame, as a network failure) and reconnects after
     * {@code reconnectAfter}. A run going on continues; its reply goes out on the next connection.
     */
    public void dropConnection(Duration reconnectAfter) {
        Connection c;
        lock.lock();
        try {
            c = current;
            if (c == null) {
                return;
            }
            current = null;
            stopPinging();
            state = State.WAITING_TO_RECONNECT;
            scheduleReconnect(reconnectAfter);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        log.info("{} dropped connection #{}; reconnecting in {} ms", name, c.number, reconnectAfter.toMillis());
        c.socket.abort();
    }

    /** Closes the connection (1000) and stops for good: no reconnect, a run going on ends without a reply. */
    @Override
    public void close() {
        Connection c;
        Connection p;
        Run r;
        lock.lock();
        try {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            c = current;
            p = pending;
            current = null;
            pending = null;
            r = run;
            stopPinging();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (r != null) {
            r.interrupt();
        }
        if (c != null) {
            try {
                c.socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                log.debug("{} close frame not sent: {}", name, e.toString());
            }
            c.socket.abort();
        }
        if (p != null && p.socket != null) {
            p.socket.abort();
        }
        timer.shutdownNow();
        workers.shutdownNow();
        if (ownsHttp) {
            http.shutdownNow();
        }
        log.info("{} closed", name);
    }

    // ---------------------------------------------------------------- connection

    private void connect() {
        Connection c = new Connection();
        lock.lock();
        try {
            reconnectScheduled = false;
            if (state == State.CLOSED) {
                return;
            }
            state = State.CONNECTING;
            pending = c;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(connectTimeout);
        headers.forEach(builder::header);
        CompletableFuture<WebSocket> opening;
        try {
            opening = builder.buildAsync(uri, c);
        } catch (RuntimeException e) {
            opening = CompletableFuture.failedFuture(e);
        }
        opening.whenComplete((socket, error) -> {
            if (error != null) {
                connectFailed(c, error);
            }
        });
    }

    private void connectFailed(Connection c, Throwable error) {
        lock.lock();
        try {
            if (pending != c || state == State.CLOSED) {
                return;
            }
            pending = null;
            scheduleReconnect(reconnectDelay);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String why = cause instanceof WebSocketHandshakeException refused
                ? "handshake refused with HTTP " + refused.getResponse().statusCode()
                : cause.toString();
        log.info("{} cannot connect to {}: {}; retrying in {} ms", name, loggedUri, why, reconnectDelay.toMillis());
    }

    private void opened(Connection c, WebSocket socket) {
        c.socket = socket;
        lock.lock();
        try {
            if (pending != c || state == State.CLOSED) {
                socket.abort();
                return;
            }
            pending = null;
            current = c;
            c.number = ++connections;
            state = State.CONNECTED;
            long ms = Math.max(1, pingInterval.toMillis());
            pingTask = timer.scheduleAtFixedRate(() -> ping(c), ms, ms, TimeUnit.MILLISECONDS);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        log.info("{} connected to {} (connection #{})", name, loggedUri, c.number);
        socket.request(1);
    }

    private void lost(Connection c, String why) {
        lock.lock();
        try {
            if (current != c) {
                return;
            }
            current = null;
            stopPinging();
            scheduleReconnect(reconnectDelay);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        log.info("{} lost connection #{} ({}); reconnecting in {} ms", name, c.number, why,
                reconnectDelay.toMillis());
    }

    /** Caller holds the lock. */
    private void scheduleReconnect(Duration delay) {
        if (state == State.CLOSED || replaced) {
            return;
        }
        state = State.WAITING_TO_RECONNECT;
        if (!reconnectScheduled) {
            reconnectScheduled = true;
            timer.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Caller holds the lock. */
    private void stopPinging() {
        if (pingTask != null) {
            pingTask.cancel(false);
            pingTask = null;
        }
    }

    private Connection currentConnection() {
        lock.lock();
        try {
            return current;
        } finally {
            lock.unlock();
        }
    }

    private void ping(Connection c) {
        if (currentConnection() == c) {
            send(c, PING);
        }
    }

    private boolean send(Connection c, String text) {
        sendLock.lock();
        try {
            c.socket.sendText(text, true).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            sent.add(new Frame(c.number, Instant.now(), text));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            log.warn("{} send failed on connection #{}: {}", name, c.number, cause.toString());
            if (cause instanceof java.io.IOException) {
                // the link is gone (the JDK client does not always report a peer that vanished without a close
                // frame); the real client's socket fails the same way and its run_forever reconnects
                c.socket.abort();
                lost(c, "send failed: " + cause);
            }
            return false;
        } finally {
            sendLock.unlock();
        }
    }

    /** Sends on whatever connection is open now; with none the frame is lost, as with the real robot. */
    private boolean sendNow(String text, String what) {
        Connection c = currentConnection();
        if (c == null) {
            log.warn("{} not connected: {} lost", name, what);
            return false;
        }
        return send(c, text);
    }

    // ---------------------------------------------------------------- incoming frames

    private void onText(Connection c, String text) {
        received.add(new Frame(c.number, Instant.now(), text));
        JsonNode node = Json.parse(text);
        String unknown = node == null || !node.isObject() ? "not a JSON object" : unknownField(node);
        if (unknown != null) {
            rejected.add(new Frame(c.number, Instant.now(), text));
            log.warn("{} dropped a frame the desktop client cannot read ({}): {}", name, unknown,
                    Json.abbreviate(text, LOG_CHARS));
            return;
        }
        ObjectNode frame = (ObjectNode) node;
        String channel = string(frame, "channel");
        String key = string(frame, "key");
        if ("pong".equals(channel) || "ack".equals(channel)) {
            return;
        }
        if ("exit".equals(channel)) {
            log.info("{} exit frame from the server (ignored, as the desktop client does): {}", name,
                    Json.abbreviate(text, LOG_CHARS));
            return;
        }
        if (frame.hasNonNull("reply_event_id")) {
            log.debug("{} ignored a reply frame: {}", name, text);
            return;
        }
        if ("remote".equals(channel) && "run".equals(key)) {
            onRun(c, frame);
        } else if ("remote".equals(channel) && ("stop".equals(key) || "stop_current".equals(key))) {
            onStop(frame);
        } else {
            // the rpawebsocket client answers a request without a handler with this error text
            String error = "func is not exist: (" + pythonRepr(channel) + ", " + pythonRepr(key) + ")";
            log.info("{} no handler for {}/{}: answering {}", name, channel, key, error);
            workers.execute(() -> reply(frame, StringNode.valueOf(error), null));
        }
    }

    private static String unknownField(JsonNode frame) {
        for (String field : frame.propertyNames()) {
            if (!FRAME_FIELDS.contains(field)) {
                return "unknown top-level field '" + field + "'";
            }
        }
        return null;
    }

    private void onRun(Connection c, ObjectNode frame) {
        runsReceived.incrementAndGet();
        Run r = new Run(frame, behaviour, c.number);
        boolean busy;
        lock.lock();
        try {
            busy = run != null || state == State.CLOSED;
            if (!busy) {
                run = r;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
        log.info("{} run {} execution={} project={} params={}{}", name, r.eventId, r.executionId, r.projectId,
                Json.abbreviate(Json.compact(r.paramsNode()), LOG_CHARS), busy ? " -> busy" : "");
        if (busy) {
            workers.execute(() -> reply(frame, failure("5001", BUSY_MESSAGE), r.executionId));
        } else {
            workers.execute(() -> perform(r));
        }
    }

    private void onStop(ObjectNode frame) {
        Run r;
        lock.lock();
        try {
            r = run;
            if (r != null && r.behaviour.honoursStop()) {
                r.interrupt();
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
        String key = string(frame, "key");
        if (r == null) {
            log.info("{} {}: nothing runs", name, key);
        } else if (r.behaviour.honoursStop()) {
            log.info("{} {}: stopping run {} execution={}", name, key, r.eventId, r.executionId);
        } else {
            log.info("{} {}: ignored, run {} execution={} goes on", name, key, r.eventId, r.executionId);
        }
    }

    // ---------------------------------------------------------------- runs

    private void perform(Run r) {
        JsonNode outcome;
        boolean stopped = false;
        try {
            outcome = script(r);
        } catch (Stopped e) {
            outcome = null;
            stopped = true;
        } catch (RuntimeException e) {
            // a handler that raises makes the client reply with the exception text
            log.error("{} run {} failed", name, r.eventId, e);
            outcome = StringNode.valueOf(e.toString());
        } finally {
            lock.lock();
            try {
                if (run == r) {
                    run = null; // before the reply: the server may dispatch the next run as soon as it has it
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
        if (stopped) {
            boolean closed = state() == State.CLOSED;
            if (!closed && confirmStops) {
                confirmStop(r);
            }
            log.info("{} run {} execution={} stopped{}", name, r.eventId, r.executionId,
                    closed || !replyOnStop ? " (no reply)" : "");
            if (closed || !replyOnStop) {
                return;
            }
            outcome = failure("5001", STOPPED_MESSAGE);
        }
        if (outcome == null) {
            return;
        }
        reply(r.frame, outcome, r.executionId);
    }

    private JsonNode script(Run r) throws Stopped {
        return switch (r.behaviour) {
            case Behaviour.Echo echo -> {
                r.pause(echo.delayMs());
                yield success(r);
            }
            case Behaviour.ErrorCode error -> failure(error.code(), error.msg());
            case Behaviour.ErrorString error -> StringNode.valueOf(error.text());
            case Behaviour.JsonString json -> {
                r.pause(json.delayMs());
                yield StringNode.valueOf(Json.compact(success(r)));
            }
            case Behaviour.NeverReply never -> {
                r.pause(Long.MAX_VALUE);
                yield null;
            }
            case Behaviour.StreamLogs logs -> {
                for (int i = 1; i <= logs.lines(); i++) {
                    r.pause(logs.intervalMs());
                    sendNow(Json.python(logFrame(r, "line " + i)), "log line " + i);
                }
                yield success(r);
            }
            case Behaviour.IgnoreStop ignore -> {
                r.pause(ignore.delayMs()); // only close() interrupts it: stops are not passed on
                yield success(r);
            }
            case Behaviour.DisconnectMidRun disconnect -> {
                // mid-run: a moment into the run, not in the instant its frame arrives (the service cannot tell a
                // connection dropped then from one whose frame never went out: API.md §9, "run frame")
                r.pause(MID_RUN_MS);
                dropConnection(Duration.ofMillis(disconnect.reconnectAfterMs()));
                awaitNewConnection(r);
                r.pause(disconnect.replyAfterReconnectMs());
                yield success(r);
            }
        };
    }

    private void awaitNewConnection(Run r) throws Stopped {
        lock.lock();
        try {
            while (state != State.CONNECTED || connections <= r.connection) {
                if (r.interrupted() || state == State.CLOSED) {
                    throw new Stopped();
                }
                changed.await(100, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped();
        } finally {
            lock.unlock();
        }
    }

    /** Says the stopped run has ended, as a robot that confirms stops does (API.md §5.1). */
    private void confirmStop(Run r) {
        ObjectNode frame = NODES.objectNode();
        frame.put("channel", "execution");
        frame.put("key", "stopped");
        frame.put("event_id", UUID.randomUUID().toString());
        frame.put("event_time", Instant.now().getEpochSecond());
        frame.putObject("data").put("execution_id", r.executionId);
        if (sendNow(Json.python(frame), "stop confirmation of " + r.eventId)) {
            log.info("{} confirmed the stop of run {} execution={}", name, r.eventId, r.executionId);
        }
    }

    private void reply(ObjectNode request, JsonNode outcome, String executionId) {
        ObjectNode reply = NODES.objectNode();
        copy(request, "event_id", reply, "reply_event_id");
        reply.put("event_id", UUID.randomUUID().toString());
        reply.put("event_time", Instant.now().getEpochSecond());
        copy(request, "channel", reply, "channel");
        copy(request, "key", reply, "key");
        copy(request, "send_uuid", reply, "uuid");
        copy(request, "uuid", reply, "send_uuid");
        copy(request, "need_ack", reply, "need_ack");
        copy(request, "need_reply", reply, "need_reply");
        reply.set("data", outcome);
        String runEventId = string(request, "event_id");
        if (sendNow(Json.python(reply), "reply to " + runEventId)) {
            repliesSent.incrementAndGet();
            log.info("{} reply {} execution={} -> {}", name, runEventId, executionId,
                    Json.abbreviate(Json.compact(outcome), LOG_CHARS));
        }
    }

    /** Copies a member, keeping it absent when absent or null (the client drops null fields). */
    private static void copy(ObjectNode from, String name, ObjectNode to, String as) {
        JsonNode value = from.get(name);
        if (value != null && !value.isNull()) {
            to.set(as, value.deepCopy());
        }
    }

    private static ObjectNode success(Run r) {
        ObjectNode data = NODES.objectNode();
        data.set("echo", r.paramsNode());
        data.set("project_id", r.projectIdNode());
        ObjectNode outcome = NODES.objectNode();
        outcome.put("code", "0000");
        outcome.put("msg", "");
        outcome.set("data", data);
        return outcome;
    }

    private static ObjectNode failure(String code, String msg) {
        ObjectNode outcome = NODES.objectNode();
        outcome.put("code", code);
        outcome.put("msg", msg);
        outcome.putNull("data");
        return outcome;
    }

    private static ObjectNode logFrame(Run r, String message) {
        ObjectNode data = NODES.objectNode();
        if (r.executionId != null) {
            data.put("execution_id", r.executionId);
        }
        data.put("level", "INFO");
        data.put("message", message);
        ObjectNode frame = NODES.objectNode();
        frame.put("event_id", UUID.randomUUID().toString());
        frame.put("event_time", Instant.now().getEpochSecond());
        frame.put("channel", "execution");
        frame.put("key", "log");
        frame.set("data", data);
        return frame;
    }

    private static String string(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value != null && value.isString() ? value.asString() : null;
    }

    /** How Python prints a value of a {@code (channel, key)} tuple. */
    private static String pythonRepr(String value) {
        return value == null ? "None" : "'" + value + "'";
    }

    /**
     * The parameters of a run: {@code data.run_param}, a JSON string holding {@code [{"varName", "varValue"}]},
     * as a map from name to value. Anything unreadable gives an empty map, as the desktop executor does.
     */
    public static Map<String, JsonNode> runParams(JsonNode runFrame) {
        Map<String, JsonNode> params = new LinkedHashMap<>();
        JsonNode runParam = runFrame.path("data").get("run_param");
        if (runParam == null || !runParam.isString()) {
            return params;
        }
        JsonNode list = Json.parse(runParam.asString());
        if (list == null || !list.isArray()) {
            return params;
        }
        for (JsonNode entry : list) {
            JsonNode varName = entry.get("varName");
            if (varName != null && varName.isString()) {
                JsonNode value = entry.get("varValue");
                params.put(varName.asString(), value == null ? NODES.nullNode() : value);
            }
        }
        return params;
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public String toString() {
        return name + "[" + state() + ", connections=" + connectionCount() + ", busy=" + isBusy() + "]";
    }

    // ---------------------------------------------------------------- inner types

    /** One WebSocket connection; its callbacks are ignored once it is no longer the current one. */
    private final class Connection implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        volatile WebSocket socket;
        volatile int number;

        @Override
        public void onOpen(WebSocket webSocket) {
            opened(this, webSocket);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    SimulatedRobot.this.onText(this, text);
                } catch (RuntimeException e) {
                    log.error("{} failed to handle a frame", name, e);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (statusCode == REPLACED || statusCode == REVOKED) {
                // another connection of the same managed robot took its place (coming back would only replace that
                // one), or its owner revoked it (it would be refused)
                replaced = true;
                log.info("{} was {} ({}); it stops", name, statusCode == REPLACED
                        ? "replaced by a newer connection of the same robot" : "revoked", reason);
                Thread.ofVirtual().name(name + "-replaced").start(SimulatedRobot.this::close);
            }
            lost(this, "closed by the server: " + statusCode + (reason.isEmpty() ? "" : " " + reason));
            return null; // the JDK then answers the close frame
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            lost(this, error.toString());
        }
    }

    /** A run going on. */
    private static final class Run {
        final ObjectNode frame;
        final Behaviour behaviour;
        final int connection;
        final String eventId;
        final String executionId;
        final String projectId;
        private final Map<String, JsonNode> params;
        private final CountDownLatch interruption = new CountDownLatch(1);

        Run(ObjectNode frame, Behaviour behaviour, int connection) {
            this.frame = frame;
            this.behaviour = behaviour;
            this.connection = connection;
            this.eventId = string(frame, "event_id");
            JsonNode data = frame.path("data");
            this.executionId = string(data, "execution_id");
            JsonNode project = data.get("project_id");
            this.projectId = project == null ? null : project.asString();
            this.params = runParams(frame);
        }

        ObjectNode paramsNode() {
            ObjectNode node = NODES.objectNode();
            params.forEach((k, v) -> node.set(k, v.deepCopy()));
            return node;
        }

        JsonNode projectIdNode() {
            JsonNode project = frame.path("data").get("project_id");
            return project == null ? NODES.nullNode() : project.deepCopy();
        }

        /** By an honoured stop, or by close(). */
        void interrupt() {
            interruption.countDown();
        }

        boolean interrupted() {
            return interruption.getCount() == 0;
        }

        /** Waits {@code ms}; throws when the run is stopped meanwhile. */
        void pause(long ms) throws Stopped {
            try {
                if (ms <= 0 ? interrupted() : interruption.await(ms, TimeUnit.MILLISECONDS)) {
                    throw new Stopped();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stopped();
            }
        }
    }

    private static final class Stopped extends Exception {
        Stopped() {
            super(null, null, false, false);
        }
    }

    // ---------------------------------------------------------------- builder

    /** Settings of a robot; all optional except the URL. */
    public static final class Builder {
        private final URI url;
        private String name = "robot";
        private String userId;
        private String userHeader = "user_id";
        private String apiKey;
        private KeyPlacement keyPlacement = KeyPlacement.BEARER;
        private final Map<String, String> extraHeaders = new LinkedHashMap<>();
        private Behaviour behaviour = Behaviour.echo(0);
        private Duration pingInterval = Duration.ofSeconds(30);
        private Duration reconnectDelay = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private boolean replyOnStop;
        private boolean confirmStops;
        private int frameLogLimit = 10_000;
        private HttpClient httpClient;

        private Builder(URI url) {
            Objects.requireNonNull(url, "url");
            String scheme = url.getScheme();
            if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme)) {
                throw new IllegalArgumentException("the URL must start with ws:// or wss://: " + url);
            }
            this.url = url;
        }

        /** For log lines and thread names. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Sends the user id in the gateway's header, {@code user_id} unless {@link #userHeader} says otherwise. */
        public Builder userId(String userId) {
            this.userId = userId;
            return this;
        }

        /** The header carrying the user id: {@code user_id} (what the gateway sets) or {@code X-User-Id}. */
        public Builder userHeader(String header) {
            this.userHeader = Objects.requireNonNull(header, "header");
            return this;
        }

        /** Authenticates with an API key, as {@code Authorization: Bearer} unless placed in the query. */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder keyPlacement(KeyPlacement placement) {
            this.keyPlacement = Objects.requireNonNull(placement, "placement");
            return this;
        }

        /**
         * Connects as the managed robot {@code id} (API.md §5.1: {@code X-Robot-Id}); with {@link #robotName} and
         * {@link #labels}, what it says of itself. A robot replaced by a newer connection of the same id (close 4001)
         * stops instead of reconnecting.
         */
        public Builder robotId(String id) {
            return header("X-Robot-Id", id);
        }

        public Builder robotName(String robotName) {
            return header("X-Robot-Name", robotName);
        }

        /** Its labels as it would like them when first seen ({@code X-Robot-Labels: k=v,…}). */
        public Builder labels(Map<String, String> labels) {
            StringBuilder pairs = new StringBuilder();
            labels.forEach((k, v) -> pairs.append(pairs.isEmpty() ? "" : ",").append(k).append('=').append(v));
            return header("X-Robot-Labels", pairs.toString());
        }

        /** Any other header of the upgrade request. */
        public Builder header(String name, String value) {
            extraHeaders.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder behaviour(Behaviour behaviour) {
            this.behaviour = Objects.requireNonNull(behaviour, "behaviour");
            return this;
        }

        /** Default 30 s, as the desktop client. */
        public Builder pingInterval(Duration interval) {
            this.pingInterval = positive(interval, "ping interval");
            return this;
        }

        /** Default 10 s, as the desktop client (a fixed delay, no backoff). */
        public Builder reconnectDelay(Duration delay) {
            this.reconnectDelay = notNegative(delay, "reconnect delay");
            return this;
        }

        /** Default 10 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connect timeout");
            return this;
        }

        /**
         * Off by default: a stopped run sends no reply. On: it replies
         * {@code {"code": "5001", "msg": "任务已停止", "data": null}}, as the newer robot answers a stopped run.
         */
        public Builder replyOnStop(boolean replyOnStop) {
            this.replyOnStop = replyOnStop;
            return this;
        }

        /**
         * Off by default. On: the robot says on connecting that it confirms stops (capability {@code stop-confirm}:
         * a managed robot, so give it a {@link #robotId}) and, when a stop ends a run, sends {@code {"channel":
         * "execution", "key": "stopped", "data": {"execution_id"}}} (before a reply, if {@link #replyOnStop}).
         */
        public Builder confirmStops(boolean confirmStops) {
            this.confirmStops = confirmStops;
            return confirmStops ? header("X-Robot-Capabilities", "stop-confirm") : this;
        }

        /** How many frames of each direction are kept for inspection (default 10 000; 0 keeps none). */
        public Builder frameLogLimit(int limit) {
            if (limit < 0) {
                throw new IllegalArgumentException("frame log limit must not be negative: " + limit);
            }
            this.frameLogLimit = limit;
            return this;
        }

        /** A client shared by many robots (it stays open on {@link SimulatedRobot#close()}). */
        public Builder httpClient(HttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "client");
            return this;
        }

        public SimulatedRobot build() {
            return new SimulatedRobot(this);
        }

        /** {@link #build()} then {@link SimulatedRobot#start()}. */
        public SimulatedRobot start() {
            return build().start();
        }

        private URI effectiveUri() {
            if (apiKey == null || keyPlacement != KeyPlacement.QUERY) {
                return url;
            }
            String s = url.toString();
            String key = "key=" + URLEncoder.encode(apiKey, StandardCharsets.UTF_8);
            return URI.create(s + (url.getRawQuery() == null ? "?" : "&") + key);
        }

        private Map<String, String> effectiveHeaders() {
            Map<String, String> all = new LinkedHashMap<>();
            if (userId != null) {
                all.put(userHeader, userId);
            }
            if (apiKey != null && keyPlacement == KeyPlacement.BEARER) {
                all.put("Authorization", "Bearer " + apiKey);
            }
            all.putAll(extraHeaders);
            return all;
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(what + " must be positive: " + d);
            }
            return d;
        }

        private static Duration notNegative(Duration d, String what) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException(what + " must not be negative: " + d);
            }
            return d;
        }
    }
}
