package org.postbox.daemon.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.postbox.admin.ErrorKind;
import org.postbox.daemon.ClientPenalties;
import org.postbox.mailstore.AdminToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's one Jetty handler: finds the route, checks the bearer token and its scope
 * (after the client's login penalty, on a timer), runs the route and writes its JSON or an RFC
 * 9457 problem. Jetty calls it on its pool's threads, never its selector threads (a blocking
 * handler), so a route may do blocking store work right here.
 */
final class AdminHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every body the API takes is a small JSON object. */
    static final int MAX_BODY_OCTETS = 1024 * 1024;

    private final List<Route> routes;
    private final BearerTokens tokens;
    private final ClientPenalties penalties;
    private final ScheduledExecutorService timer;
    private final RequestObserver observer;

    AdminHandler(List<Route> routes, BearerTokens tokens, ClientPenalties penalties, ScheduledExecutorService timer,
            RequestObserver observer) {
        this.routes = List.copyOf(routes);
        this.tokens = tokens;
        this.penalties = penalties;
        this.timer = timer;
        this.observer = observer;
    }

    List<Route> routes() {
        return routes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        String method = request.getMethod();
        Exchange exchange = new Exchange(request, response, callback, method, start);
        InetAddress client = clientOf(request);
        try {
            List<String> path = decode(request.getHttpURI().getPath());
            Route route = find(method, path);
            exchange.route = route.name();
            Map<String, String> parameters = parameters(route, path);
            if (route.scope().isEmpty()) {
                run(exchange, route, parameters, "anonymous@" + client.getHostAddress());
                return true;
            }
            Optional<String> secret = BearerTokens.secretOf(request.getHeaders().get(HttpHeader.AUTHORIZATION));
            if (secret.isEmpty()) {
                throw new ApiException(401, "UNAUTHORIZED", "send an admin token: Authorization: Bearer <token>");
            }
            Duration wait = penalties.admit(client);
            if (wait.isZero()) {
                authorized(exchange, route, parameters, secret.get(), client);
            } else {
                // A timer, never a sleeping thread; the work goes back to Jetty's pool afterwards.
                timer.schedule(() -> getServer().getThreadPool().execute(
                        () -> authorized(exchange, route, parameters, secret.get(), client)),
                        wait.toNanos(), TimeUnit.NANOSECONDS);
            }
        } catch (ApiException e) {
            exchange.problem(Problem.of(e));
        } catch (RejectedExecutionException e) {
            exchange.problem(new Problem(503, "UNAVAILABLE", "the admin API is shutting down"));
        }
        return true;
    }

    private void authorized(Exchange exchange, Route route, Map<String, String> parameters, String secret,
            InetAddress client) {
        try {
            Optional<AdminToken> token = tokens.check(secret);
            if (token.isEmpty()) {
                penalties.failedSecret(client, secret);
                LOG.info("admin API: unknown token from {}", client.getHostAddress());
                throw new ApiException(401, "UNAUTHORIZED", "unknown or revoked admin token");
            }
            if (!token.get().scope().allows(route.scope().orElseThrow())) {
                throw new ApiException(403, "FORBIDDEN", "token '" + token.get().name() + "' has scope "
                        + token.get().scope() + "; " + exchange.method + " needs a WRITE token");
            }
            run(exchange, route, parameters, BearerTokens.actor(token.get(), client));
        } catch (ApiException e) {
            exchange.problem(Problem.of(e));
        } catch (RuntimeException e) {
            exchange.problem(problemOf(e));
        }
    }

    private void run(Exchange exchange, Route route, Map<String, String> parameters, String actor) {
        try {
            Optional<String> body = readBody(exchange.request);
            Map<String, List<String>> query = new LinkedHashMap<>();
            Fields fields = Request.extractQueryParameters(exchange.request, StandardCharsets.UTF_8);
            for (Fields.Field field : fields) {
                query.put(field.getName(), field.getValues());
            }
            ApiReply reply = route.action().handle(new ApiCall(parameters, query, body, actor));
            exchange.reply(reply);
        } catch (ApiException e) {
            exchange.problem(Problem.of(e));
        } catch (RuntimeException e) {
            // The store's typed failures, the service's, and the SPI's value checks
            // (IllegalArgumentException, whose message says what is wrong).
            exchange.problem(problemOf(e));
        }
    }

    /**
     * A failure of the administration rules or the store as a problem: its kind is the admin
     * service's {@link ErrorKind}, the one classification the CLI's exit statuses follow too.
     */
    static Problem problemOf(RuntimeException e) {
        ErrorKind kind = ErrorKind.of(e);
        int status = switch (kind) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT, OVER_LIMIT, SUSPENDED -> 409;
            case IN_USE -> 423;
            case UNAVAILABLE -> 503;
            case INTERNAL -> 500;
        };
        if (kind == ErrorKind.INTERNAL) {
            LOG.error("admin API: internal error", e);
            return new Problem(500, kind.name(), "internal error; see the daemon's log");
        }
        return new Problem(status, kind.name(), e.getMessage());
    }

    private Route find(String method, List<String> path) {
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            if (route.match(path).isPresent()) {
                if (route.method().equals(method)) {
                    return route;
                }
                allowed.add(route.method());
            }
        }
        if (allowed.isEmpty()) {
            throw ApiException.notFound("no such resource; see /api/v1/openapi.json");
        }
        throw new ApiException(405, "INVALID", "use " + String.join(", ", allowed) + " on this resource");
    }

    private static Map<String, String> parameters(Route route, List<String> path) {
        List<String> values = route.match(path).orElseThrow();
        List<String> names = route.parameterNames();
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            parameters.put(names.get(i), values.get(i));
        }
        return parameters;
    }

    /** The path's segments, each percent-decoded ({@code %40} for {@code @}); '+' stays a '+'. */
    static List<String> decode(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String segment : Route.split(rawPath == null ? "" : rawPath)) {
            try {
                segments.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("malformed percent-encoding in the path");
            }
        }
        return segments;
    }

    private static Optional<String> readBody(Request request) {
        if (request.getMethod().equals("GET") || request.getMethod().equals("DELETE")) {
            return Optional.empty();
        }
        if (request.getLength() > MAX_BODY_OCTETS) {
            throw new ApiException(413, "INVALID", "the body is larger than " + MAX_BODY_OCTETS + " octets");
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes(MAX_BODY_OCTETS + 1);
            if (body.length > MAX_BODY_OCTETS) {
                throw new ApiException(413, "INVALID", "the body is larger than " + MAX_BODY_OCTETS + " octets");
            }
            return body.length == 0 ? Optional.empty() : Optional.of(new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw ApiException.badRequest("cannot read the body: " + e.getMessage());
        }
    }

    private static InetAddress clientOf(Request request) {
        SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress();
        }
        return InetAddress.getLoopbackAddress();
    }

    /** One request on its way to its answer, written exactly once. */
    private final class Exchange {
        final Request request;
        final Response response;
        final Callback callback;
        final String method;
        final long start;
        String route = "unknown";

        Exchange(Request request, Response response, Callback callback, String method, long start) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.method = method;
            this.start = start;
        }

        void reply(ApiReply reply) {
            if (reply.body().isEmpty()) {
                response.setStatus(reply.status());
                observer.answered(route, method, reply.status(), System.nanoTime() - start);
                callback.succeeded();
                return;
            }
            write(reply.status(), "application/json", reply.body().get());
        }

        void problem(Problem problem) {
            if (problem.status() == 401) {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"postbox\"");
            }
            write(problem.status(), Problem.MEDIA_TYPE, problem.toJson());
        }

        private void write(int status, String type, JsonNode body) {
            byte[] bytes;
            try {
                bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a JSON tree always serialises", e);
            }
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            observer.answered(route, method, status, System.nanoTime() - start);
            response.write(true, ByteBuffer.wrap(bytes), callback);
        }
    }
}
