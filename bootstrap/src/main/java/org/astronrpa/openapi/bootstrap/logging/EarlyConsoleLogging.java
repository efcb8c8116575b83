package org.astronrpa.openapi.bootstrap.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's first configuration (found as a service, before any XML file is looked for): the console only, at
 * {@code LOG_LEVEL} (WARN when unset), until {@link LoggingSetup} applies the service's settings; tests run with it.
 * A {@code logback.configurationFile} named explicitly still wins: logback then reads that file.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class EarlyConsoleLogging extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        String level = System.getProperty("LOG_LEVEL", System.getenv("LOG_LEVEL"));
        LoggingSetup.consoleOnly(context, level == null ? "WARN" : level);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
