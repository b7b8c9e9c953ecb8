package org.postbox.daemon.admin;

import static org.postbox.daemon.admin.RouteArguments.actor;
import static org.postbox.daemon.admin.RouteArguments.address;
import static org.postbox.daemon.admin.RouteArguments.change;
import static org.postbox.daemon.admin.RouteArguments.domain;
import static org.postbox.daemon.admin.RouteArguments.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.postbox.admin.AdminService;
import org.postbox.admin.Change;
import org.postbox.mailstore.Expire;
import org.postbox.mailstore.MailboxAddress;

/**
 * Retention (RFC 2449 {@code EXPIRE}), the deleted-mail hold and undelete (docs/retention.md), as
 * {@code postbox domain retention}, {@code mailbox expire} and {@code mailbox undelete} do them,
 * through the same {@link AdminService}: the same rules, views and audit lines.
 */
final class RetentionRoutes {

    private final AdminService service;

    RetentionRoutes(AdminService service) {
        this.service = service;
    }

    List<Route> routes() {
        return List.of(
                Route.of("GET", "/api/v1/domains/{domain}/retention", "domain_retention", call ->
                        ApiReply.ok(view(service.retention().domain(domain(call))))),
                Route.of("PUT", "/api/v1/domains/{domain}/retention", "domain_retention_put", this::putDomain),
                Route.of("GET", "/api/v1/mailboxes/{address}/expire", "mailbox_expire", call ->
                        ApiReply.ok(view(service.retention().mailbox(address(call))))),
                Route.of("PUT", "/api/v1/mailboxes/{address}/expire", "mailbox_expire_put", this::putMailbox),
                Route.of("POST", "/api/v1/mailboxes/{address}/undelete", "mailbox_undelete", this::undelete));
    }

    /** {@code {"expire":30|"never","holdDays":7,"heldCountsTowardQuota":false}}, each optional. */
    private ApiReply putDomain(ApiCall call) {
        JsonNode body = call.json();
        String domain = domain(call);
        Optional<Expire> expire = body.hasNonNull("expire") ? Optional.of(expire(body.get("expire"), false).orElseThrow())
                : Optional.empty();
        Optional<Integer> holdDays = Optional.empty();
        if (body.hasNonNull("holdDays")) {
            JsonNode days = body.get("holdDays");
            if (!days.isIntegralNumber() || days.longValue() < 0 || days.longValue() > Expire.MAX_DAYS) {
                throw ApiException.badRequest("\"holdDays\" is a whole number from 0 to " + Expire.MAX_DAYS);
            }
            holdDays = Optional.of(days.intValue());
        }
        Optional<Boolean> counts = Optional.empty();
        if (body.hasNonNull("heldCountsTowardQuota")) {
            if (!body.get("heldCountsTowardQuota").isBoolean()) {
                throw ApiException.badRequest("\"heldCountsTowardQuota\" is true or false");
            }
            counts = Optional.of(body.get("heldCountsTowardQuota").booleanValue());
        }
        Change change = service.retention().setDomain(actor(call), domain, expire, holdDays, counts);
        return change(change, view(service.retention().domain(domain)));
    }

    /** {@code {"expire":30|"never"|"inherit"}}. */
    private ApiReply putMailbox(ApiCall call) {
        JsonNode body = call.json();
        MailboxAddress address = address(call);
        if (!body.hasNonNull("expire")) {
            throw ApiException.badRequest("give \"expire\": a number of days, \"never\" or \"inherit\"");
        }
        Change change = service.retention().setMailboxExpire(actor(call), address, expire(body.get("expire"), true));
        return change(change, view(service.retention().mailbox(address)));
    }

    /** An optional body {@code {"since":"2026-12-01"}}; answers {@code {"address","restored"}}. */
    private ApiReply undelete(ApiCall call) {
        MailboxAddress address = address(call);
        Optional<Instant> since = Optional.empty();
        if (call.body().filter(text -> !text.isBlank()).isPresent() && call.json().hasNonNull("since")) {
            since = Optional.of(instant(call.json().get("since").asText()));
        }
        int restored = service.retention().undelete(actor(call), address, since);
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("address", address.toString());
        node.put("restored", restored);
        return ApiReply.ok(node);
    }

    /** Days, {@code "never"}, or (where allowed) {@code "inherit"}, which is empty. */
    private static Optional<Expire> expire(JsonNode value, boolean inheritAllowed) {
        if (value.isTextual() && inheritAllowed && value.asText().strip().toLowerCase(Locale.ROOT).equals("inherit")) {
            return Optional.empty();
        }
        if (value.isIntegralNumber() || value.isTextual()) {
            try {
                return Optional.of(Expire.parse(value.asText()));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("\"expire\": " + e.getMessage());
            }
        }
        throw ApiException.badRequest("\"expire\" is a number of days or \"never\"" + (inheritAllowed ? " or \"inherit\"" : ""));
    }

    private static Instant instant(String text) {
        return RouteArguments.instant(text.strip(), "\"since\" is a date such as 2026-12-01 or 2026-12-01T08:30:00Z");
    }}
