package org.postbox.lmtp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.postbox.lmtp.codec.LmtpInput;
import org.postbox.lmtp.session.LmtpSession;
import org.postbox.lmtp.session.SessionEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MINA side of the listener. Runs on network threads, so it only creates sessions and passes
 * events to each session's {@link SessionDriver}; it never touches the store or the disk.
 */
final class LmtpIoHandler extends IoHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(LmtpIoHandler.class);
    private static final AttributeKey DRIVER = new AttributeKey(LmtpIoHandler.class, "driver");

    private final LmtpSettings settings;
    private final SessionEngine engine;
    private final Executor workers;
    private final SessionRegistry registry;

    LmtpIoHandler(LmtpSettings settings, SessionEngine engine, Executor workers, SessionRegistry registry) {
        this.settings = settings;
        this.engine = engine;
        this.workers = workers;
        this.registry = registry;
    }

    @Override
    public void sessionCreated(IoSession io) {
        io.getConfig().setIdleTime(IdleStatus.BOTH_IDLE, seconds(settings.idleTimeout()));
    }

    @Override
    public void sessionOpened(IoSession io) {
        InetSocketAddress remote = (InetSocketAddress) io.getRemoteAddress();
        String id = newSessionId();
        LogContext logContext = new LogContext(id, LogContext.describe(remote));
        LmtpSession session = new LmtpSession(id, remote, settings);
        SessionDriver driver = new SessionDriver(io, session, logContext, engine, logContext.wrap(workers));
        io.setAttribute(DRIVER, driver);
        logContext.run(() -> {
            LOG.debug("LMTP connection opened");
            boolean accepting = registry.add(driver);
            driver.start();
            if (!accepting) {
                driver.onShutdown();
            }
        });
    }

    @Override
    public void messageReceived(IoSession io, Object message) {
        SessionDriver driver = driver(io);
        if (driver != null) {
            driver.logContext().run(() -> driver.onInput((LmtpInput) message));
        }
    }

    @Override
    public void sessionIdle(IoSession io, IdleStatus status) {
        SessionDriver driver = driver(io);
        if (driver != null) {
            driver.logContext().run(driver::onIdle);
        }
    }

    @Override
    public void inputClosed(IoSession io) {
        SessionDriver driver = driver(io);
        if (driver == null) {
            io.closeNow();
            return;
        }
        driver.logContext().run(driver::onInputClosed);
    }

    @Override
    public void sessionClosed(IoSession io) {
        SessionDriver driver = driver(io);
        if (driver != null) {
            driver.logContext().run(driver::onClosed);
        }
    }

    @Override
    public void exceptionCaught(IoSession io, Throwable cause) {
        SessionDriver driver = driver(io);
        if (driver == null) {
            io.closeNow();
            return;
        }
        driver.logContext().run(() -> {
            if (cause instanceof IOException) {
                // Resets and broken pipes are the client's business; the summary line says "drop".
                LOG.debug("connection error: {}", cause.toString());
                io.closeNow();
            } else {
                LOG.warn("unexpected failure on connection, closing it", cause);
                driver.onFailure();
            }
        });
    }

    @Override
    public void messageSent(IoSession io, Object message) {
        // Completion of writes is followed through write futures, not here.
    }

    /** MINA counts idle time in whole seconds; round up so that a timeout is never shortened. */
    static int seconds(Duration duration) {
        long millis = duration.toMillis();
        long seconds = (millis + 999) / 1000;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, seconds));
    }

    private static SessionDriver driver(IoSession io) {
        return (SessionDriver) io.getAttribute(DRIVER);
    }

    /** Eight hex digits: short enough for every log line and Received header, random enough to grep. */
    private static String newSessionId() {
        return String.format("%08x", ThreadLocalRandom.current().nextInt());
    }
}
