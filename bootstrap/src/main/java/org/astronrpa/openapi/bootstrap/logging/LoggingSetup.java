package org.astronrpa.openapi.bootstrap.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/** Configures logback from the service configuration: console plus rolling files, text or JSON lines. */
public final class LoggingSetup {
    private LoggingSetup() {
    }

    public static void configure(Path logDir, String level, boolean json, int maxFileSizeMb, int maxHistoryDays,
                                 int totalSizeCapMb) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        context.putProperty("LOG_DIR", logDir.toAbsolutePath().toString());
        context.putProperty("LOG_LEVEL", level);
        context.putProperty("LOG_MAX_FILE_SIZE", maxFileSizeMb + "MB");
        context.putProperty("LOG_MAX_HISTORY", Integer.toString(maxHistoryDays));
        context.putProperty("LOG_TOTAL_SIZE_CAP", totalSizeCapMb + "MB");
        URL template = LoggingSetup.class.getResource(json ? "/logging/json.xml" : "/logging/text.xml");
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(template);
        } catch (JoranException e) {
            throw new IllegalStateException("logging could not be configured from " + template, e);
        }
    }
}
