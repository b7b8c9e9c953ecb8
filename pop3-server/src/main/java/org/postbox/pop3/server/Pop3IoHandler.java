package org.postbox.pop3.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.postbox.pop3.protocol.Pop3Request;
import org.postbox.pop3.server.command.CommandDispatcher;
import org.postbox.pop3.server.session.LogContext;
import org.postbox.pop3.server.session.Pop3Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MINA side of the engine. Runs on network threads, so it only creates sessions and passes
 * events to each session's {@link SessionDriver}; it never touches the store.
 */
final class Pop3IoHandler extends IoHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(Pop3IoHandler.class);
    private static final AttributeKey DRIVER = new AttributeKey(Pop3IoHandler.class, "driver");

    private final Pop3Settings settings;
    private final CommandDispatcher dispatcher;
    private final Executor workers;
    private final SessionRegistry registry;

    Pop3IoHandler(Pop3Settings settings, CommandDispatcher dispatcher, Executor workers, SessionRegistry registry) {
        this.settings = settings;
        this.dispatcher = dispatcher;
        this.workers = workers;
        this.registry = registry;
    }

    @Override
    public void sessionCreated(IoSession io) {
        io.getConfig().setIdleTime(IdleStatus.BOTH_IDLE, Pop3Acceptor.seconds(settings.loginTimeout()));
    }

    @Override
    public void sessionOpened(IoSession io) {
        InetSocketAddress remote = (InetSocketAddress) io.getRemoteAddress();
        String id = newSessionId();
        LogContext logContext = new LogContext(id, LogContext.describe(remote));
        Pop3Session session = new Pop3Session(id, settings, remote, logContext.wrap(workers));
        SessionDriver driver = new SessionDriver(io, session, logContext, dispatcher, logContext.wrap(workers));
        io.setAttribute(DRIVER, driver);
        logContext.run(() -> {
            LOG.debug("connection opened on listener {}", settings.listenerName());
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
        if (driver == null) {
            return;
        }
        driver.logContext().run(() -> driver.onRequest((Pop3Request) message));
    }

    @Override
    public void sessionIdle(IoSession io, IdleStatus status) {
        SessionDriver driver = driver(io);
        if (driver == null) {
            return;
        }
        driver.logContext().run(() -> driver.onIdle());
    }

    @Override
    public void inputClosed(IoSession io) {
        SessionDriver driver = driver(io);
        if (driver == null) {
            io.closeNow();
            return;
        }
        driver.logContext().run(() -> driver.onInputClosed());
    }

    @Override
    public void sessionClosed(IoSession io) {
        SessionDriver driver = driver(io);
        if (driver == null) {
            return;
        }
        driver.logContext().run(() -> driver.onClosed());
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

    private static SessionDriver driver(IoSession io) {
        return (SessionDriver) io.getAttribute(DRIVER);
    }

    /** Eight hex digits: short enough for every log line, random enough to grep one session. */
    private static String newSessionId() {
        return String.format("%08x", ThreadLocalRandom.current().nextInt());
    }
}
