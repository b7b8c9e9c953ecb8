package org.postbox.daemon.admin;

import static org.postbox.daemon.admin.RouteArguments.address;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.postbox.admin.AdminService;
import org.postbox.admin.view.AdminJson;
import org.postbox.mailstore.HistoryRetention;

/**
 * The mailbox history and the legacy access report ({@code docs/history.md}), read through the
 * {@link AdminService} as {@code postbox mailbox history} and {@code postbox report legacy} read
 * them, with the same JSON. A history is answered whole (at most {@code history.max-events}),
 * newest first, rather than in pages, since its order is by time and not by a key.
 */
final class HistoryRoutes {

    private final AdminService service;
    private final HistoryRetention retention;

    HistoryRoutes(AdminService service, HistoryRetention retention) {
        this.service = service;
        this.retention = retention;
    }

    List<Route> routes() {
        return List.of(
                Route.of("GET", "/api/v1/mailboxes/{address}/history", "mailbox_history", call -> ApiReply.ok(
                        AdminJson.mapper().valueToTree(service.histories().events(address(call), since(call), retention)))),
                Route.of("GET", "/api/v1/reports/legacy", "report_legacy", call -> ApiReply.ok(
                        AdminJson.mapper().valueToTree(service.histories().legacyReport(retention)))));
    }

    /** {@code ?since=}: a day (from its midnight, UTC) or an ISO-8601 time. */
    private static Optional<Instant> since(ApiCall call) {
        return call.query("since").filter(text -> !text.isEmpty()).map(text -> RouteArguments.instant(text,
                "since must be a day (2026-12-01) or a time (2026-12-01T08:00:00Z), not '" + text + "'"));
    }
}
