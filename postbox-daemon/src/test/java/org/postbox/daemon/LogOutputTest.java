package org.postbox.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.config.LogFormat;
import org.slf4j.MDC;

/** {@code logging.format}: the configured appenders keep their place and write JSON lines instead. */
class LogOutputTest {

    @TempDir
    Path dir;

    @Test
    void jsonTurnsEveryLineIntoOneObjectWithTheSessionsMdcAndTheRenderedMessage() throws Exception {
        Path file = dir.resolve("postbox.log");
        LoggerContext context = context(file);
        Logger logger = context.getLogger("org.postbox.test");

        LogOutput.use(LogFormat.JSON, context);
        MDC.put("session", "0a1b2c3d");
        MDC.put("remote", "192.0.2.7:40000");
        try {
            logger.info("session end listener={} user={}", "pop3", "alice@example.com");
        } finally {
            MDC.clear();
            context.stop();
        }

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(1);
        JsonNode line = new ObjectMapper().readTree(lines.get(0));
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.get("loggerName").asText()).isEqualTo("org.postbox.test");
        assertThat(line.get("formattedMessage").asText()).isEqualTo("session end listener=pop3 user=alice@example.com");
        assertThat(line.get("mdc").get("session").asText()).isEqualTo("0a1b2c3d");
        assertThat(line.get("mdc").get("remote").asText()).isEqualTo("192.0.2.7:40000");
        assertThat(line.has("context")).isFalse();
        assertThat(line.has("message")).isFalse();
    }

    @Test
    void textLeavesThePatternAlone() throws Exception {
        Path file = dir.resolve("postbox.log");
        LoggerContext context = context(file);

        LogOutput.use(LogFormat.TEXT, context);
        context.getLogger("org.postbox.test").info("plain {}", "line");
        context.stop();

        assertThat(Files.readAllLines(file)).containsExactly("INFO plain line");
    }

    private static LoggerContext context(Path file) {
        LoggerContext context = new LoggerContext();
        // The MDC that org.slf4j.MDC writes to, as the daemon's own context has it.
        context.setMDCAdapter(MDC.getMDCAdapter());
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setFile(file.toString());
        appender.setEncoder(encoder);
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        return context;
    }
}
