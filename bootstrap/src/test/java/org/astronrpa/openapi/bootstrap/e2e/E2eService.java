package org.astronrpa.openapi.bootstrap.e2e;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.astronrpa.openapi.bootstrap.AppConfig;
import org.astronrpa.openapi.bootstrap.Launcher;

/**
 * The whole service as production wires it, started in-process, with a REST client of its own ({@link E2eHttp},
 * which talks as the gateway does) and the environment it was started with (to start it again the same way).
 */
record E2eService(Launcher launcher, HttpClient client, E2eHttp http, int port, Map<String, String> env) {

    /** The environment of a test service in {@code dir} on {@code port} (0: any free one), before overrides. */
    static Map<String, String> environment(Path dir, int port) {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", Integer.toString(port));
        env.put("HOST", "127.0.0.1");
        env.put("DATA_DIR", dir.resolve("data").toString());
        env.put("LOG_DIR", dir.resolve("logs").toString());
        env.put("SHUTDOWN_TIMEOUT_SECONDS", "1");
        return env;
    }

    static E2eService start(Path dir, Map<String, String> env) {
        Launcher launcher = new Launcher(AppConfig.load(dir, env)).start();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return new E2eService(launcher, client, new E2eHttp(client, launcher.port()), launcher.port(), Map.copyOf(env));
    }

    String robotUrl() {
        return "ws://127.0.0.1:" + port + "/ws";
    }

    /** Closes the client first: an idle keep-alive connection would hold the server's graceful stop. */
    void stop() {
        client.shutdownNow();
        try {
            client.awaitTermination(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        launcher.stop();
    }
}
