package org.postbox.pop3.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.FilterEvent;
import org.apache.mina.filter.ssl.SslEvent;
import org.apache.mina.filter.ssl.SslFilter;
import org.postbox.pop3.protocol.Pop3Request;
import org.postbox.pop3.server.command.CommandDispatcher;
import org.postbox.pop3.server.session.LogContext;
import org.postbox.pop3.server.session.Pop3Session;
import org.postbox.pop3.server.session.TlsFacts;
import org.postbox.pop3.server.tls.ListenerTls;
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
    private final ListenerTls tls;
    private final AccessPolicy access;

    Pop3IoHandler(Pop3Settings settings, CommandDispatcher dispatcher, Executor workers, SessionRegistry registry,
            ListenerTls tls, AccessPolicy access) {
        this.access = access;
        this.tls = tls;
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
        // Behind a PROXY-protocol proxy, the client its header named: logs, limits and policy go by it.
        InetSocketAddress remote = ClientAddress.of(io);
        String id = newSessionId();
        LogContext logContext = new LogContext(id, LogContext.describe(remote));
        Pop3Session session = new Pop3Session(id, settings, access, remote, logContext.wrap(workers));
        if (tls.implicit()) {
            session.useImplicitTls();
        } else if (tls.offersStartTls()) {
            session.offerStartTls();
        }
        SessionDriver driver = new SessionDriver(io, session, logContext, dispatcher, logContext.wrap(workers), tls);
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
    public void event(IoSession io, FilterEvent event) {
        SessionDriver driver = driver(io);
        if (driver == null || event != SslEvent.SECURED) {
            return;
        }
        SSLSession tlsSession = (SSLSession) io.getAttribute(SslFilter.SSL_SECURED);
        if (tlsSession != null) {
            TlsFacts facts = new TlsFacts(tlsSession.getProtocol(), tlsSession.getCipherSuite());
            driver.logContext().run(() -> driver.onTlsEstablished(facts));
        }
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
            if (cause instanceof SSLException) {
                // E.g. a client offering only TLS 1.1: worth an operator's eye, unlike a reset.
                // closeOnFlush, so that the alert telling the client why goes out first.
                LOG.info("TLS failed: {}", cause.getMessage());
                io.closeOnFlush();
            } else if (cause instanceof IOException) {
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
