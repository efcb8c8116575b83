package org.astronrpa.openapi.adapters.redis;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A Redis server of the test's own ({@code redis-server} on the PATH, no persistence) that the test may stop and
 * start again on the same port: a real Redis restart, which the shared server must not suffer. Without the
 * binary the test is skipped with the reason, or fails when {@code RPA_TEST_REQUIRE_SERVICES=true}.
 */
public final class PrivateRedis implements AutoCloseable {
    private final String binary;
    private final int port;
    private final Path log;
    private Process process;

    private PrivateRedis(String binary, int port, Path log) {
        this.binary = binary;
        this.port = port;
        this.log = log;
    }

    /** Starts one, logging to a file in {@code dir}. */
    public static PrivateRedis start(Path dir) throws IOException, InterruptedException {
        String binary = List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server").stream()
                .filter(candidate -> Files.isExecutable(Path.of(candidate))).findFirst().orElse(null);
        if (binary == null) {
            String reason = "no redis-server binary for a test that restarts Redis";
            if ("true".equalsIgnoreCase(System.getenv(TestRedis.REQUIRE_VARIABLE))) {
                Assertions.fail(reason + " (" + TestRedis.REQUIRE_VARIABLE + "=true)");
            }
            Assumptions.abort(reason);
        }
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        PrivateRedis redis = new PrivateRedis(binary, port, dir.resolve("redis-" + port + ".log"));
        redis.startAgain();
        return redis;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Stops the server the hard way (SIGKILL: nothing kept, clients cut). */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Starts the server again on the same port, empty. */
    public void startAgain() throws IOException, InterruptedException {
        process = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long end = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < end) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("redis-server did not start on port " + port + ": " + Files.readString(log));
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            kill();
        }
    }
}
