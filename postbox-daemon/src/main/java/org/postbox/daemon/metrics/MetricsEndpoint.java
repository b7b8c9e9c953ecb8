package org.postbox.daemon.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.postbox.session.LogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP listener for monitoring, on the JDK's own HTTP server (no servlet container):
 *
 * <ul>
 * <li>{@code GET /metrics}: every meter in the Prometheus text format 0.0.4;</li>
 * <li>{@code GET /livez}: 200 while the process runs;</li>
 * <li>{@code GET /readyz}: 200 when the daemon can serve (its listeners bound and the store
 *     answering), else 503 with the reason in the body.</li>
 * </ul>
 *
 * Anything else is 404, or 405 for another method than GET or HEAD.
 */
public final class MetricsEndpoint implements AutoCloseable {

    /** What {@code /metrics} answers with: the classic Prometheus text format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);
    private static final int THREADS = 2;

    private final HttpServer server;
    private final ExecutorService threads;

    private MetricsEndpoint(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /**
     * Binds {@code address} (port 0 picks a free port) and starts serving.
     *
     * @param metrics   produces the {@code /metrics} text
     * @param readiness why the daemon cannot serve now, or empty when it can
     * @throws IOException if the address cannot be bound
     */
    public static MetricsEndpoint start(InetSocketAddress address, Supplier<String> metrics,
            Supplier<Optional<String>> readiness) throws IOException {
        HttpServer server = HttpServer.create(address, 16);
        AtomicInteger count = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS, task -> {
            Thread thread = new Thread(task, "metrics-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        server.createContext("/", exchange -> answer(exchange, metrics, readiness));
        server.start();
        MetricsEndpoint endpoint = new MetricsEndpoint(server, threads);
        LOG.info("serving /metrics, /livez and /readyz on http://{}/",
                LogContext.describe(endpoint.address()));
        return endpoint;
    }

    /** The address actually bound. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private static void answer(HttpExchange exchange, Supplier<String> metrics, Supplier<Optional<String>> readiness)
            throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "only GET and HEAD\n");
                return;
            }
            switch (path) {
                case "/metrics" -> send(exchange, 200, CONTENT_TYPE, metrics.get());
                case "/livez" -> send(exchange, 200, "text/plain; charset=utf-8", "ok\n");
                case "/readyz" -> {
                    Optional<String> problem = readiness.get();
                    if (problem.isEmpty()) {
                        send(exchange, 200, "text/plain; charset=utf-8", "ready\n");
                    } else {
                        send(exchange, 503, "text/plain; charset=utf-8", "not ready: " + problem.get() + "\n");
                    }
                }
                default -> send(exchange, 404, "text/plain; charset=utf-8", "not found; try /metrics, /livez or /readyz\n");
            }
        } catch (RuntimeException e) {
            // The JDK server would only log "internal error" without detail and drop the connection.
            LOG.warn("monitoring request failed", e);
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Stops serving at once; a scrape in progress is cut short. */
    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
