package org.astronrpa.openapi.bootstrap.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The logging the service configures in code: what reaches its files, in which form, and what does not. */
class LoggingSetupTest {
    private static final String KEY = "rpa_5Tg4u4u3Lx7fp2snnHRifFuXi-gUDdc97S0VUdgvNe4";

    @TempDir
    Path dir;

    @Test
    void textLinesCarryTimeLevelRequestThreadAndLoggerWithSecretsRedacted() throws Exception {
        List<String> lines = logged(false);
        assertEquals(1, lines.size(), lines.toString());
        String line = lines.get(0);
        assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  \\[req-1\\] \\[[^]]+\\] "
                + "o\\.a\\.openapi\\.bootstrap\\.Probe - key rpa_5Tg4\\*\\*\\* used"), line);
        assertFalse(line.contains(KEY));
    }

    @Test
    void jsonLinesAreOneObjectALineWithSecretsRedacted() throws Exception {
        List<String> lines = logged(true);
        assertEquals(1, lines.size(), lines.toString());
        JsonNode line = JsonMapper.builder().build().readTree(lines.get(0));
        assertEquals("INFO", line.get("level").asString());
        assertEquals("req-1", line.get("request_id").asString());
        assertEquals("org.astronrpa.openapi.bootstrap.Probe", line.get("logger").asString());
        assertEquals("key rpa_5Tg4*** used", line.get("message").asString());
    }

    @Test
    void theLevelIsTheConfiguredOneAndChattyLibrariesStayAtWarn() {
        LoggerContext context = new LoggerContext();
        LoggingSetup.configure(context, new LoggingSetup.Settings(dir, "DEBUG", false, 1, 1, 2));
        try {
            assertEquals(Level.DEBUG, context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel());
            assertEquals(Level.WARN, context.getLogger("org.eclipse.jetty").getLevel());
            assertEquals(Level.WARN, context.getLogger("com.zaxxer.hikari").getLevel());
            assertEquals(Level.WARN, context.getLogger("io.javalin").getLevel());
            assertEquals(null, context.getLogger("org.flywaydb").getLevel(), "Flyway's schema lines get through");
        } finally {
            context.stop();
        }
    }

    @Test
    void beforeTheSettingsTheConsoleAloneLogsAtTheGivenLevelAndAnUnknownLevelMeansWarn() {
        LoggerContext context = new LoggerContext();
        LoggingSetup.consoleOnly(context, "nonsense");
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.setContext(context);
        captured.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(captured);
        try {
            context.getLogger("x").info("hidden");
            context.getLogger("x").warn("shown");
            assertEquals(List.of("shown"), captured.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
        } finally {
            context.stop();
        }
    }

    /** One INFO line with an API key, through the configured context; what its log file then holds. */
    private List<String> logged(boolean json) throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        LoggingSetup.configure(context, new LoggingSetup.Settings(dir, "INFO", json, 1, 1, 2));
        context.getMDCAdapter().put("request_id", "req-1");
        try {
            context.getLogger("org.astronrpa.openapi.bootstrap.Probe").info("key {} used", KEY);
            context.getLogger("org.eclipse.jetty.server").info("not wanted");
        } finally {
            context.getMDCAdapter().remove("request_id");
            context.stop();   // the asynchronous appenders write what they queued
        }
        return Files.readAllLines(dir.resolve("rpa-openapi.log"));
    }
}
