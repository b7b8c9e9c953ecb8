package org.postbox.daemon;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import java.util.Iterator;
import org.postbox.config.LogFormat;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code logging.format}. {@code json} gives every console and file appender of the
 * Logback configuration Logback's {@link JsonEncoder}: one JSON object per line
 * with the time, level, thread, logger, the session's MDC entries ({@code session},
 * {@code remote}) and the formatted message, for log shippers. {@code text} leaves the
 * configuration's patterns alone.
 */
final class LogOutput {

    private LogOutput() {
    }

    /** Only when Logback is the SLF4J backend; a program embedding the daemon keeps its own logging. */
    static void use(LogFormat format) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            use(format, context);
        }
    }

    static void use(LogFormat format, LoggerContext context) {
        if (format != LogFormat.JSON) {
            return;
        }
        for (Logger logger : context.getLoggerList()) {
            Iterator<Appender<ILoggingEvent>> appenders = logger.iteratorForAppenders();
            while (appenders.hasNext()) {
                Appender<ILoggingEvent> appender = appenders.next();
                // These two open their stream again when restarted; the new encoder takes effect then.
                if ((appender instanceof ConsoleAppender<ILoggingEvent> || appender instanceof FileAppender<ILoggingEvent>)
                        && !(((OutputStreamAppender<ILoggingEvent>) appender).getEncoder() instanceof JsonEncoder)) {
                    writeJson((OutputStreamAppender<ILoggingEvent>) appender, context);
                }
            }
        }
    }

    private static void writeJson(OutputStreamAppender<ILoggingEvent> appender, LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        // The rendered message is what people and shippers read; the raw pattern, its arguments and
        // the context's properties on every line are noise.
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        encoder.setWithContext(false);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.start();
        appender.stop();
        appender.setEncoder(encoder);
        appender.start();
    }
}
