package org.postbox.daemon.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.postbox.admin.Actor;
import org.postbox.admin.AuditEntry;
import org.postbox.admin.AuditLog;
import org.postbox.mailstore.MailboxAddress;

/**
 * The routes about the running daemon rather than the store: who is connected, the kick, the
 * reload, and the API's own description.
 */
final class ControlRoutes {

    static final String OPENAPI_RESOURCE = "openapi.json";

    private final LiveSessions sessions;
    private final BooleanSupplier reload;
    private final AuditLog audit;
    private final JsonNode openApi;

    /**
     * @param reload what SIGHUP does; true when new certificates are in use
     * @param audit  the admin service's audit log: a kick and a reload are changes like any other
     */
    ControlRoutes(LiveSessions sessions, BooleanSupplier reload, AuditLog audit) {
        this.sessions = sessions;
        this.reload = reload;
        this.audit = audit;
        this.openApi = openApi();
    }

    /** The API's description, a resource of this package. */
    static JsonNode openApi() {
        try (InputStream in = ControlRoutes.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(OPENAPI_RESOURCE + " is missing from the class path");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Route> routes() {
        return List.of(
                Route.of("GET", "/api/v1/sessions", "sessions", this::list),
                Route.of("DELETE", "/api/v1/sessions/{id}", "session_kick", this::kick),
                Route.of("POST", "/api/v1/reload", "reload", this::reload),
                Route.open("GET", "/api/v1/openapi.json", "openapi", call -> ApiReply.ok(openApi)));
    }

    private ApiReply list(ApiCall call) {
        Optional<String> address = call.query("address").map(text -> {
            try {
                return MailboxAddress.parse(text).toString();
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
        });
        Page page = Page.of(call);
        List<LiveSessions.Session> open = sessions.list().stream()
                .filter(s -> address.isEmpty() || s.address().equals(address)).toList();
        return ApiReply.ok(page.of(open, LiveSessions.Session::id, ControlRoutes::json));
    }

    static ObjectNode json(LiveSessions.Session session) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", session.id());
        if (session.address().isPresent()) {
            node.put("address", session.address().get());
        } else {
            node.putNull("address");
        }
        node.put("client", session.client());
        node.put("since", session.since().toString());
        node.put("tls", session.tls());
        node.put("protocol", session.protocol());
        node.put("listener", session.listener());
        return node;
    }

    private ApiReply kick(ApiCall call) {
        String id = call.parameter("id");
        // Looked up before the kick, for the audit line: an id alone says nothing once the session is gone.
        Optional<LiveSessions.Session> session = sessions.list().stream().filter(s -> s.id().equals(id)).findFirst();
        if (session.isEmpty() || !sessions.kick(id)) {
            throw ApiException.notFound("no open session has id " + id);
        }
        audit.record(new AuditEntry(new Actor(call.actor()), "session.kick", id, List.of(ended(session.get()))));
        return ApiReply.noContent();
    }

    /** E.g. {@code ended pop3 session of alice@example.com from 192.0.2.7:50123}. */
    private static String ended(LiveSessions.Session session) {
        return "ended " + session.protocol() + " session" + session.address().map(a -> " of " + a).orElse("")
                + " from " + session.client();
    }

    private ApiReply reload(ApiCall call) {
        boolean reloaded = reload.getAsBoolean();
        audit.record(new AuditEntry(new Actor(call.actor()), "daemon.reload", "tls",
                List.of(reloaded ? "new certificates in use" : "certificates unchanged")));
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("tlsReloaded", reloaded);
        return ApiReply.ok(node);
    }
}
