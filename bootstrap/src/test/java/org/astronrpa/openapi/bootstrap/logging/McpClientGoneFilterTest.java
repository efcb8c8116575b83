package org.astronrpa.openapi.bootstrap.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each logging configuration the service runs with turns the SDK's "client went away" lines into DEBUG, only those. */
class McpClientGoneFilterTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"early", "text", "json"})
    void aClientThatWentAwayIsNoErrorButTheServicesOwnFailuresStayErrors(String template) throws Exception {
        LoggerContext context = new LoggerContext();
        if (template.equals("early")) {
            LoggingSetup.consoleOnly(context, "INFO");
        } else {
            LoggingSetup.configure(context, new LoggingSetup.Settings(dir, "INFO", template.equals("json"), 1, 1, 2));
        }
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.setContext(context);
        captured.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(captured);
        try {
            var transport = context.getLogger(McpClientGoneFilter.SEND_LOGGER);
            var keepAlive = context.getLogger(McpClientGoneFilter.KEEP_ALIVE_LOGGER);
            transport.error(McpClientGoneFilter.SEND_FAILED, "0ca74975-52f9-45d6-8201-26e220d071bd", "Client disconnected");
            keepAlive.warn(McpClientGoneFilter.PING_FAILED, "session", "Did not observe any item within 30000ms");
            transport.error(McpClientGoneFilter.SEND_FAILED, "0ca74975", "cannot serialize the result");
            keepAlive.error("KeepAlive scheduler error", new IllegalStateException("broken"));
            context.getLogger("org.astronrpa.openapi.adapters.mcp.ToolResults").error("tool call failed");

            List<String> logged = captured.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                    .map(ILoggingEvent::getFormattedMessage).toList();
            assertEquals(List.of("Failed to send message to session 0ca74975: cannot serialize the result",
                    "KeepAlive scheduler error", "tool call failed"), logged, template);
        } finally {
            context.stop();
        }
    }
}
