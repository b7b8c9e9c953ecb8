package org.postbox.session;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLException;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.FilterEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MINA side of a listener. Runs on network threads, so it only creates sessions and passes
 * events to each one's {@link SerialSession}, in the session's log context; it never touches a
 * store or a disk.
 */
final class SessionIoHandler<I> extends IoHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(SessionIoHandler.class);
    private static final AttributeKey SESSION = new AttributeKey(SessionIoHandler.class, "session");

    private final String listenerName;
    private final Class<I> inputType;
    private final Duration idleTimeAtStart;
    private final SessionOpener<I> opener;
    private final WorkerPool workers;
    private final SessionRegistry registry;
    private final ListenerObserver observer;
    private final boolean loginRequired;

    /** @param loginRequired new sessions must log in before the listener's deadline */
    SessionIoHandler(String listenerName, Class<I> inputType, Duration idleTimeAtStart, SessionOpener<I> opener,
            WorkerPool workers, SessionRegistry registry, ListenerObserver observer, boolean loginRequired) {
        this.listenerName = listenerName;
        this.inputType = inputType;
        this.idleTimeAtStart = idleTimeAtStart;
        this.opener = opener;
        this.workers = workers;
        this.registry = registry;
        this.observer = observer;
        this.loginRequired = loginRequired;
    }

    @Override
    public void sessionCreated(IoSession io) {
        IdleTime.set(io, IdleStatus.BOTH_IDLE, idleTimeAtStart);
    }

    @Override
    public void sessionOpened(IoSession io) {
        SerialSession<I> session = opener.open(io, newSessionId(), workers);
        io.setAttribute(SESSION, session);
        session.finished().thenAccept(end -> {
            if (end == EndReason.BUSY) {
                observer.sessionEndedBusy();
            }
        });
        session.logContext().run(() -> {
            LOG.debug("connection opened on listener {}", listenerName);
            boolean accepting = registry.add(session);
            session.start(loginRequired);
            if (!accepting) {
                session.onShutdown();
            }
        });
    }

    @Override
    public void messageReceived(IoSession io, Object message) {
        SerialSession<I> session = session(io);
        if (session != null) {
            I input = inputType.cast(message);
            session.logContext().run(() -> session.onInput(input));
        }
    }

    @Override
    public void event(IoSession io, FilterEvent event) {
        SerialSession<I> session = session(io);
        if (session != null) {
            session.logContext().run(() -> session.onEvent(event));
        }
    }

    @Override
    public void sessionIdle(IoSession io, IdleStatus status) {
        SerialSession<I> session = session(io);
        if (session != null) {
            session.logContext().run(session::onIdle);
        }
    }

    @Override
    public void inputClosed(IoSession io) {
        SerialSession<I> session = session(io);
        if (session == null) {
            io.closeNow();
            return;
        }
        session.logContext().run(session::onInputClosed);
    }

    @Override
    public void sessionClosed(IoSession io) {
        SerialSession<I> session = session(io);
        if (session != null) {
            session.logContext().run(session::onClosed);
        }
    }

    @Override
    public void exceptionCaught(IoSession io, Throwable cause) {
        SerialSession<I> session = session(io);
        if (session == null) {
            io.closeNow();
            return;
        }
        session.logContext().run(() -> {
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
                session.onFailure();
            }
        });
    }

    @Override
    public void messageSent(IoSession io, Object message) {
        // Completion of writes is followed through write futures, not here.
    }

    @SuppressWarnings("unchecked") // only sessionOpened sets the attribute, with what the opener made
    private SerialSession<I> session(IoSession io) {
        return (SerialSession<I>) io.getAttribute(SESSION);
    }

    /** Eight hex digits: short enough for every log line and Received header, random enough to grep. */
    private static String newSessionId() {
        return String.format("%08x", ThreadLocalRandom.current().nextInt());
    }
}
