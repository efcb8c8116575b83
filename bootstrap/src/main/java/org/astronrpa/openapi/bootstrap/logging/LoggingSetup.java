package org.astronrpa.openapi.bootstrap.logging;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Configures logback in code, from the service configuration: console plus size- and time-rolled files, text or JSON
 * lines, secrets redacted, the SDK's "client went away" lines demoted ({@link McpClientGoneFilter}). In code rather
 * than from XML: logback's XML reader loads some 400 classes and an XML parser, a third of a second of every start
 * (issue 18), for a configuration with nothing to read.
 */
public final class LoggingSetup {
    /** The text line: time (UTC), level, request id, thread, logger, message. */
    static final String TEXT_PATTERN =
            "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z',UTC} %-5level [%X{request_id:--}] [%thread] %logger{30} - %msg%n";
    /** The console line before the service's settings are read (and in tests): no thread name. */
    static final String EARLY_PATTERN =
            "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z',UTC} %-5level [%X{request_id:--}] %logger{30} - %msg%n";
    /** Request threads only enqueue; one background thread each writes the console and the file. */
    static final int ASYNC_QUEUE = 8192;
    /** Libraries whose INFO lines say nothing an operator needs. */
    private static final List<String> QUIET = List.of("org.eclipse.jetty", "com.zaxxer.hikari", "io.javalin");

    /** Where and how the service logs. */
    public record Settings(Path logDir, String level, boolean json, int maxFileSizeMb, int maxHistoryDays,
                           int totalSizeCapMb) {
    }

    private LoggingSetup() {
    }

    /** Configures the logging of this process. */
    public static void configure(Settings settings) {
        configure((LoggerContext) LoggerFactory.getILoggerFactory(), settings);
    }

    /** Replaces what {@code context} had with the service's console and files. */
    static void configure(LoggerContext context, Settings settings) {
        context.reset();
        context.addTurboFilter(started(new McpClientGoneFilter(), context));
        ConsoleAppender<ILoggingEvent> console = console(context, encoder(context, settings.json(), TEXT_PATTERN));

        String dir = settings.logDir().toAbsolutePath().toString();
        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setName("FILE");
        file.setContext(context);
        file.setFile(dir + "/rpa-openapi.log");
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> rolling = new SizeAndTimeBasedRollingPolicy<>();
        rolling.setContext(context);
        rolling.setParent(file);
        rolling.setFileNamePattern(dir + "/rpa-openapi.%d{yyyy-MM-dd}.%i.log.gz");
        rolling.setMaxFileSize(FileSize.valueOf(settings.maxFileSizeMb() + "MB"));
        rolling.setMaxHistory(settings.maxHistoryDays());
        rolling.setTotalSizeCap(FileSize.valueOf(settings.totalSizeCapMb() + "MB"));
        rolling.start();
        file.setRollingPolicy(rolling);
        file.setEncoder(encoder(context, settings.json(), TEXT_PATTERN));
        file.start();

        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(settings.level(), Level.INFO));
        root.addAppender(async("ASYNC_CONSOLE", console, context));
        root.addAppender(async("ASYNC_FILE", file, context));
        QUIET.forEach(name -> context.getLogger(name).setLevel(Level.WARN));
    }

    /**
     * Console only, at {@code level}: what the process logs before its settings are read, and in tests. Flyway is
     * quiet here too; the service's own configuration lets its lines on the schema through.
     */
    static void consoleOnly(LoggerContext context, String level) {
        context.addTurboFilter(started(new McpClientGoneFilter(), context));
        ConsoleAppender<ILoggingEvent> console = console(context, encoder(context, false, EARLY_PATTERN));
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level, Level.WARN));
        root.addAppender(console);
        QUIET.forEach(name -> context.getLogger(name).setLevel(Level.WARN));
        context.getLogger("org.flywaydb").setLevel(Level.WARN);
    }

    private static ConsoleAppender<ILoggingEvent> console(LoggerContext context, Encoder<ILoggingEvent> encoder) {
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setName("CONSOLE");
        console.setContext(context);
        console.setEncoder(encoder);
        console.start();
        return console;
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, boolean json, String pattern) {
        if (json) {
            return started(new JsonLinesEncoder(), context);
        }
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.getInstanceConverterMap().put("msg", RedactingMessageConverter::new);   // %msg with secrets redacted
        layout.setPattern(pattern);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        return encoder;
    }

    private static Appender<ILoggingEvent> async(String name, Appender<ILoggingEvent> target, LoggerContext context) {
        AsyncAppender async = new AsyncAppender();
        async.setName(name);
        async.setContext(context);
        async.setQueueSize(ASYNC_QUEUE);
        async.setDiscardingThreshold(0);
        async.setNeverBlock(true);
        async.addAppender(target);
        async.start();
        return async;
    }

    private static <T extends ch.qos.logback.core.spi.LifeCycle & ch.qos.logback.core.spi.ContextAware> T started(
            T component, LoggerContext context) {
        component.setContext(context);
        component.start();
        return component;
    }
}
