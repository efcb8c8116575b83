package org.astronrpa.openapi.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop lets in-flight requests finish, answers open long-polls at once, and is not held up by idle keep-alive
 * connections.
 */
class GracefulStopTest {
    @TempDir
    Path dir;

    private Launcher start(int shutdownSeconds) {
        return new Launcher(AppConfig.load(dir, Map.of("PORT", "0", "HOST", "127.0.0.1",
                "DATA_DIR", dir.resolve("data").toString(), "LOG_DIR", dir.resolve("logs").toString(),
                "SHUTDOWN_TIMEOUT_SECONDS", Integer.toString(shutdownSeconds)))).start();
    }

    @Test
    void anIdleKeepAliveConnectionDoesNotHoldTheStopUp() {
        Launcher launcher = start(10);
        TestHttp http = new TestHttp(launcher.port());
        assertEquals(200, http.send("GET", "/health/live", null).status());
        long t0 = System.nanoTime();
        launcher.stop();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(millis < 3_000, "stopping took " + millis + " ms with an idle client connection open");
    }

    @Test
    void longPollsOpenAtTheStopAreAnsweredAtOnceWithTheExecutionAsItIs() throws Exception {
        Launcher launcher = start(30);
        TestHttp http = new TestHttp(launcher.port());
        http.send("POST", "/workflows/upsert", "{\"project_id\":\"p\",\"name\":\"n\"}", "X-User-Id", "u");
        String id = http.send("POST", "/executions", "{\"project_id\":\"p\"}", "X-User-Id", "u").json()
                .at("/data/execution/id").asString();
        int waits = 100;
        List<CompletableFuture<TestHttp.Answer>> waiting = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < waits; i++) {
                waiting.add(CompletableFuture.supplyAsync(
                        () -> http.send("GET", "/executions/" + id + "?wait=60", null, "X-User-Id", "u"), clients));
            }
            Thread.sleep(1_500);
            assertTrue(waiting.stream().noneMatch(CompletableFuture::isDone), "the long-polls are waiting");
            long t0 = System.nanoTime();
            launcher.stop();
            long millis = (System.nanoTime() - t0) / 1_000_000;
            for (CompletableFuture<TestHttp.Answer> wait : waiting) {
                TestHttp.Answer answer = wait.get(5, TimeUnit.SECONDS);
                assertEquals(200, answer.status(), answer.body());
                assertEquals("PENDING", answer.json().at("/data/execution/status").asString());
            }
            assertTrue(millis <= 3_000, "stopping with " + waits + " open long-polls took " + millis + " ms");
        }
    }
}
