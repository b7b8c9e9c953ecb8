package org.postbox.daemon.admin;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import org.postbox.admin.AdminService;
import org.postbox.admin.AuditLog;
import org.postbox.config.AdminConfig;
import org.postbox.config.ConfigException;
import org.postbox.daemon.ClientPenalties;
import org.postbox.daemon.tls.ServerTls;
import org.postbox.mailstore.HistoryRetention;
import org.postbox.mailstore.MailStore;

/**
 * The admin HTTP API of a running daemon ({@code admin:} in postbox.yaml): JSON resources for
 * provisioning, the open sessions and the kick, the reload, and {@code /api/v1/openapi.json}.
 * Bearer tokens from the store ({@code postbox admin-token create}), READ for GET and WRITE for
 * the rest; a wrong token counts toward the same per-client penalty as a wrong POP3 password.
 */
public final class AdminApi implements AutoCloseable {

    private final AdminServer server;

    private AdminApi(AdminServer server) {
        this.server = server;
    }

    /**
     * Starts the listener.
     *
     * @param tls     the admin listener's own certificates ({@code admin.tls}), empty for plain http
     * @param reload  what SIGHUP does: reloads every certificate; true when new ones are in use
     * @param history what the mailbox history keeps ({@code history.keep}, {@code history.max-events})
     * @throws IOException     when the address cannot be bound
     * @throws ConfigException when {@code admin.listen} is no usable address
     */
    public static AdminApi start(AdminConfig config, MailStore store, ClientPenalties penalties, LiveSessions sessions,
            Optional<ServerTls> tls, BooleanSupplier reload, RequestObserver observer, HistoryRetention history)
            throws IOException {
        // One audit log for the service's changes and the daemon's own (kick, reload): one format.
        AuditLog audit = AuditLog.slf4j();
        List<Route> routes = new ArrayList<>(new ControlRoutes(sessions, reload, audit).routes());
        AdminService service = new AdminService(store, audit, Clock.systemUTC());
        routes.addAll(new StoreRoutes(service).routes());
        routes.addAll(new HistoryRoutes(service, history).routes());
        routes.addAll(new RetentionRoutes(service).routes());
        ScheduledExecutorService timer = AdminServer.newTimer();
        AdminHandler handler = new AdminHandler(routes, new BearerTokens(service.adminTokens()::authenticate),
                penalties, timer, observer);
        try {
            return new AdminApi(AdminServer.start(new InetSocketAddress(host(config), config.port()), tls, handler, timer));
        } catch (IOException | RuntimeException e) {
            timer.shutdownNow();
            throw e;
        }
    }

    private static InetAddress host(AdminConfig config) {
        try {
            // The configuration holds IP literals only, so this never asks DNS.
            return InetAddress.getByName(config.address());
        } catch (UnknownHostException e) {
            throw new ConfigException("admin.listen", "'" + config.address() + "' is not an IP address");
        }
    }

    /** The address actually bound (the real port when the configuration said 0). */
    public InetSocketAddress address() {
        return server.address();
    }

    @Override
    public void close() {
        server.close();
    }
}
