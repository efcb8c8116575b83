package org.astronrpa.openapi.bootstrap;

import java.nio.file.Path;
import org.astronrpa.openapi.bootstrap.logging.LoggingSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar rpa-openapi-service.jar}: configuration, logging, start, and a graceful stop on SIGTERM. */
public final class Main {
    /** Exit code for a configuration the service cannot start with. */
    static final int BAD_CONFIGURATION = 2;

    private Main() {
    }

    public static void main(String[] args) {
        long startedAt = System.nanoTime();
        AppConfig config;
        try {
            config = AppConfig.load(Path.of("").toAbsolutePath(), System.getenv());
        } catch (ConfigException e) {
            System.err.println("configuration error: " + e.getMessage());
            System.exit(BAD_CONFIGURATION);
            return;
        }
        LoggingSetup.configure(new LoggingSetup.Settings(config.logDir(), config.logLevel(),
                config.logFormat() == AppConfig.LogFormat.JSON, config.logMaxFileSizeMb(), config.logMaxHistoryDays(),
                config.logTotalSizeCapMb()));
        Logger log = LoggerFactory.getLogger(Main.class);
        Launcher launcher = new Launcher(config);
        try {
            launcher.start();
        } catch (ConfigException e) {
            System.err.println("configuration error: " + e.getMessage());
            System.exit(BAD_CONFIGURATION);
            return;
        } catch (RuntimeException e) {
            log.error("the service could not start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(() -> {
            log.info("stopping: finishing in-flight requests (at most {} s)", config.shutdownTimeout().toSeconds());
            launcher.stop();
            log.info("stopped");
            ((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory()).stop();
        }));
        log.info("RPA OpenAPI service ready on port {} in {} ms ({})", launcher.port(),
                (System.nanoTime() - startedAt) / 1_000_000, config);
    }
}
