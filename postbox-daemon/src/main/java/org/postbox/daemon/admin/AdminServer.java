package org.postbox.daemon.admin;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLEngine;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.postbox.daemon.tls.ServerTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin listener: a Jetty server with one connector (http, or https with the daemon's
 * certificate machinery) and the {@link AdminHandler}. Its own small thread pool, so that admin
 * requests never take a POP3 or LMTP worker.
 */
final class AdminServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    private static final int MAX_THREADS = 16;
    private static final int MIN_THREADS = 2;

    private final Server server;
    private final ScheduledExecutorService timer;
    private final InetSocketAddress address;

    private AdminServer(Server server, ScheduledExecutorService timer, InetSocketAddress address) {
        this.server = server;
        this.timer = timer;
        this.address = address;
    }

    /** A timer for the login penalty's waits, whose thread the server stops with itself. */
    static ScheduledExecutorService newTimer() {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = task -> {
            Thread thread = new Thread(task, "admin-penalty-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        return Executors.newSingleThreadScheduledExecutor(threads);
    }

    /**
     * Binds {@code requested} and serves {@code handler}.
     *
     * @throws IOException when the address cannot be bound
     */
    static AdminServer start(InetSocketAddress requested, Optional<ServerTls> tls, AdminHandler handler,
            ScheduledExecutorService timer) throws IOException {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
        threads.setName("admin");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        HttpConnectionFactory plain = new HttpConnectionFactory(http);
        ServerConnector connector = tls.isPresent()
                ? new ServerConnector(server, 1, 1, new SslConnectionFactory(contextFactory(tls.get()), plain.getProtocol()),
                        plain)
                : new ServerConnector(server, 1, 1, plain);
        connector.setHost(requested.getAddress().getHostAddress());
        connector.setPort(requested.getPort());
        server.addConnector(connector);
        server.setHandler(handler);
        try {
            server.start();
        } catch (IOException e) {
            stopQuietly(server);
            throw e;
        } catch (Exception e) {
            stopQuietly(server);
            throw new IOException("cannot start the admin listener: " + e.getMessage(), e);
        }
        InetSocketAddress bound = new InetSocketAddress(requested.getAddress(), connector.getLocalPort());
        LOG.info("admin API listening on {}://{}", tls.isPresent() ? "https" : "http",
                org.postbox.session.LogContext.describe(bound));
        return new AdminServer(server, timer, bound);
    }

    /**
     * Jetty's TLS set up with the daemon's current context at every handshake, so that a reload
     * (SIGHUP, the file watcher, POST /api/v1/reload) reaches the admin listener as it reaches
     * POP3S, without a restart.
     */
    private static SslContextFactory.Server contextFactory(ServerTls tls) {
        SslContextFactory.Server factory = new SslContextFactory.Server() {
            @Override
            public SSLEngine newSSLEngine(String host, int port) {
                SSLEngine engine = tls.context().createSSLEngine(host, port);
                customize(engine);
                return engine;
            }

            @Override
            public SSLEngine newSSLEngine() {
                SSLEngine engine = tls.context().createSSLEngine();
                customize(engine);
                return engine;
            }
        };
        factory.setSslContext(tls.context());
        factory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        // The certificates are chosen by SNI in the daemon's key manager; Jetty needs no keystore.
        factory.setSniRequired(false);
        return factory;
    }

    InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        stopQuietly(server);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("stopping the admin listener failed: {}", e.toString());
        }
    }
}
