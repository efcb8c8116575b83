package org.astronrpa.openapi.bootstrap;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged jar run as a real process, the way the README runs it. */
final class JarProcess implements AutoCloseable {
    private final Process process;
    final Path output;
    final int port;

    private JarProcess(Process process, Path output, int port) {
        this.process = process;
        this.output = output;
        this.port = port;
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("rpa.jar", "target/rpa-openapi-service.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("package the service first: " + jar.toAbsolutePath());
        }
        return jar;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Starts the jar in {@code workDir} with {@code environment}; stdout and stderr go to one file. */
    static JarProcess start(Path workDir, Map<String, String> environment) throws IOException {
        return start(workDir, environment, List.of());
    }

    /** The same with JVM options before {@code -jar} ({@code -Drpa.test.outbox-stall=after-claim}, …). */
    static JarProcess start(Path workDir, Map<String, String> environment, List<String> jvmOptions) throws IOException {
        int port = freePort();
        Path output = workDir.resolve("process-output.txt");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar().toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("HOST", "127.0.0.1");
        builder.environment().putAll(environment);
        return new JarProcess(builder.start(), output, port);
    }

    /** Waits until {@code /health/live} answers, or the process ends. */
    void awaitReady(Duration limit) throws Exception {
        TestHttp http = new TestHttp(port);
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + ": " + Files.readString(output));
            }
            try {
                if (http.send("GET", "/health/live", null).status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the service was not ready within " + limit + ": " + Files.readString(output));
    }

    /** Waits until the process has written {@code text} (a log line, say); false when it did not within {@code limit}. */
    boolean awaitOutput(String text, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.readString(output).contains(text)) {
                return true;
            }
            if (!process.isAlive()) {
                return false;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** Sends SIGTERM and waits for the exit code. */
    int terminate(Duration limit) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the service did not stop within " + limit + " of SIGTERM");
        }
        return process.exitValue();
    }

    int awaitExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the process did not exit within " + limit);
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook, no goodbye to Redis, sockets cut by the kernel. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
