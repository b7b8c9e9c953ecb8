package org.postbox.daemon.admin;

import static org.postbox.daemon.admin.RouteArguments.actor;
import static org.postbox.daemon.admin.RouteArguments.address;
import static org.postbox.daemon.admin.RouteArguments.change;
import static org.postbox.daemon.admin.RouteArguments.domain;
import static org.postbox.daemon.admin.RouteArguments.mailboxAddress;
import static org.postbox.daemon.admin.RouteArguments.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.postbox.admin.AdminService;
import org.postbox.admin.DomainQuotaChange;
import org.postbox.admin.DomainSettings;
import org.postbox.admin.MailboxFilter;
import org.postbox.admin.MailboxQuotaChange;
import org.postbox.admin.MailboxSettings;
import org.postbox.admin.NewPassword;
import org.postbox.admin.view.AdminJson;
import org.postbox.admin.view.AliasView;
import org.postbox.admin.view.DomainView;
import org.postbox.admin.view.MailboxQuotaView;
import org.postbox.admin.view.MailboxView;
import org.postbox.mailstore.AliasName;
import org.postbox.mailstore.MailboxAddress;

/**
 * The provisioning resources: domains, mailboxes, aliases, app passwords and quotas, each a thin
 * translation of HTTP and JSON to the {@link AdminService} the CLI uses too, which holds every
 * rule and writes the audit line of every change. Views are written by {@link AdminJson}, so the
 * API and {@code postbox ... --json} give the same answer.
 */
final class StoreRoutes {

    private final AdminService service;

    StoreRoutes(AdminService service) {
        this.service = service;
    }

    List<Route> routes() {
        return List.of(
                Route.of("GET", "/api/v1/domains", "domains", this::domains),
                Route.of("POST", "/api/v1/domains", "domain_add", this::addDomain),
                Route.of("GET", "/api/v1/domains/{domain}", "domain", call -> ok(service.domains().get(domain(call)))),
                Route.of("PUT", "/api/v1/domains/{domain}", "domain_put", this::putDomain),
                Route.of("DELETE", "/api/v1/domains/{domain}", "domain_remove", call -> {
                    service.domains().remove(actor(call), domain(call));
                    return ApiReply.noContent();
                }),
                Route.of("GET", "/api/v1/domains/{domain}/mailboxes", "domain_mailboxes", this::mailboxes),
                Route.of("POST", "/api/v1/domains/{domain}/mailboxes", "mailbox_add", this::addMailbox),
                Route.of("GET", "/api/v1/mailboxes/{address}", "mailbox", call -> ok(service.mailboxes().get(address(call)))),
                Route.of("PUT", "/api/v1/mailboxes/{address}", "mailbox_put", this::putMailbox),
                Route.of("DELETE", "/api/v1/mailboxes/{address}", "mailbox_remove", call -> {
                    service.mailboxes().remove(actor(call), address(call));
                    return ApiReply.noContent();
                }),
                Route.of("PUT", "/api/v1/mailboxes/{address}/password", "mailbox_password", call -> {
                    service.mailboxes().setPassword(actor(call), address(call), password(call.json()).orElseThrow(
                            () -> ApiException.badRequest("give \"password\" or \"passwordHash\"")));
                    return ApiReply.noContent();
                }),
                Route.of("PUT", "/api/v1/mailboxes/{address}/suspended", "mailbox_suspended", call -> change(
                        service.mailboxes().setSuspended(actor(call), address(call), bool(call.json(), "suspended")),
                        view(service.mailboxes().get(address(call))))),
                Route.of("PUT", "/api/v1/mailboxes/{address}/pop3", "mailbox_pop3", call -> change(
                        service.mailboxes().setPop3(actor(call), address(call), bool(call.json(), "enabled")),
                        view(service.mailboxes().get(address(call))))),
                Route.of("PUT", "/api/v1/mailboxes/{address}/quota", "mailbox_quota", call -> ok(
                        service.quotas().setMailbox(actor(call), address(call), mailboxQuota(call.json())))),
                Route.of("POST", "/api/v1/mailboxes/{address}/rename", "mailbox_rename", call -> ok(
                        service.mailboxes().rename(actor(call), address(call), mailboxAddress(text(call.json(), "to"))))),
                Route.of("GET", "/api/v1/mailboxes/{address}/app-passwords", "app_passwords", call -> {
                    JsonNode list = AdminJson.mapper().valueToTree(service.appPasswords().list(address(call)));
                    return ApiReply.ok(page(list, "name", call));
                }),
                Route.of("POST", "/api/v1/mailboxes/{address}/app-passwords", "app_password_add", call ->
                        ApiReply.created(view(service.appPasswords().add(actor(call), address(call),
                                text(call.json(), "name"))))),
                Route.of("DELETE", "/api/v1/mailboxes/{address}/app-passwords/{name}", "app_password_revoke", call -> {
                    service.appPasswords().revoke(actor(call), address(call), call.parameter("name"));
                    return ApiReply.noContent();
                }),
                Route.of("GET", "/api/v1/domains/{domain}/aliases", "aliases", call -> {
                    List<AliasView> aliases = service.aliases().list(domain(call));
                    return ApiReply.ok(Page.of(call).of(aliases, AliasView::alias, RouteArguments::view));
                }),
                Route.of("GET", "/api/v1/domains/{domain}/aliases/{local}", "alias", call -> ok(
                        service.aliases().get(aliasName(call)))),
                Route.of("PUT", "/api/v1/domains/{domain}/aliases/{local}", "alias_put", this::putAlias),
                Route.of("DELETE", "/api/v1/domains/{domain}/aliases/{local}", "alias_remove", call -> {
                    service.aliases().remove(actor(call), aliasName(call));
                    return ApiReply.noContent();
                }),
                Route.of("GET", "/api/v1/quotas", "quotas", this::quotas));
    }

    private ApiReply domains(ApiCall call) {
        return ApiReply.ok(Page.of(call).of(service.domains().list(), DomainView::domain, RouteArguments::view));
    }

    private ApiReply addDomain(ApiCall call) {
        return ApiReply.created(view(service.domains().add(actor(call), text(call.json(), "name"))));
    }

    private ApiReply putDomain(ApiCall call) {
        JsonNode body = call.json();
        String domain = domain(call);
        DomainSettings settings = new DomainSettings(optionalBool(body, "suspended"), optionalBool(body, "pop3"),
                domainQuota(body.path("quota")));
        return change(service.domains().put(actor(call), domain, settings), view(service.domains().get(domain)));
    }

    private ApiReply mailboxes(ApiCall call) {
        String domain = domain(call);
        // The domain must exist: an unknown one is a 404, not an empty list.
        service.domains().get(domain);
        List<MailboxView> mailboxes = service.mailboxes().list(MailboxFilter.domain(domain));
        return ApiReply.ok(Page.of(call).of(mailboxes, MailboxView::address, RouteArguments::view));
    }

    private ApiReply addMailbox(ApiCall call) {
        JsonNode body = call.json();
        String domain = domain(call);
        MailboxAddress address;
        if (body.hasNonNull("address")) {
            address = mailboxAddress(text(body, "address"));
            if (!address.domain().equals(domain)) {
                throw ApiException.badRequest(address + " is not in domain " + domain);
            }
        } else if (body.hasNonNull("local")) {
            address = mailboxAddress(text(body, "local") + "@" + domain);
        } else {
            throw ApiException.badRequest("give \"address\" (local@" + domain + ") or \"local\"");
        }
        NewPassword password = password(body).orElseThrow(
                () -> ApiException.badRequest("give \"password\" or \"passwordHash\""));
        return ApiReply.created(view(service.mailboxes().add(actor(call), address, password,
                mailboxQuota(body.path("quota")))));
    }

    private ApiReply putMailbox(ApiCall call) {
        JsonNode body = call.json();
        MailboxAddress address = address(call);
        MailboxSettings settings = new MailboxSettings(password(body), optionalBool(body, "suspended"),
                optionalBool(body, "pop3"), mailboxQuota(body.path("quota")));
        return change(service.mailboxes().put(actor(call), address, settings), view(service.mailboxes().get(address)));
    }

    private ApiReply putAlias(ApiCall call) {
        JsonNode targets = call.json().path("targets");
        if (!targets.isArray() || targets.isEmpty()) {
            throw ApiException.badRequest("give \"targets\": a list of one or more mailbox addresses");
        }
        List<MailboxAddress> addresses = new ArrayList<>();
        for (JsonNode target : targets) {
            if (!target.isTextual()) {
                throw ApiException.badRequest("\"targets\" holds mailbox addresses as strings");
            }
            addresses.add(mailboxAddress(target.asText()));
        }
        AliasName name = aliasName(call);
        return change(service.aliases().put(actor(call), name, addresses), view(service.aliases().get(name)));
    }

    private ApiReply quotas(ApiCall call) {
        double minFill = 0.8;
        Optional<String> text = call.query("min-fill");
        if (text.isPresent()) {
            try {
                minFill = Double.parseDouble(text.get());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("min-fill is a fraction from 0 up, e.g. 0.8");
            }
        }
        if (!(minFill >= 0)) {
            throw ApiException.badRequest("min-fill is a fraction from 0 up, e.g. 0.8");
        }
        List<MailboxQuotaView> near = service.quotas().nearLimit(minFill);
        return ApiReply.ok(Page.of(call).of(near, MailboxQuotaView::address, RouteArguments::view));
    }

    // ---- translation ---------------------------------------------------------------------------

    /** {@code {local}} of an alias route: a local part, or {@code @} for the domain's catch-all. */
    private static AliasName aliasName(ApiCall call) {
        String domain = domain(call);
        String local = call.parameter("local");
        try {
            return local.equals("@") ? AliasName.catchAll(domain) : AliasName.of(new MailboxAddress(local, domain));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw ApiException.badRequest("give \"" + field + "\" as a string");
        }
        return value.asText();
    }

    private static boolean bool(JsonNode body, String field) {
        return optionalBool(body, field).orElseThrow(
                () -> ApiException.badRequest("give \"" + field + "\": true or false"));
    }

    private static Optional<Boolean> optionalBool(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw ApiException.badRequest("\"" + field + "\" is true or false");
        }
        return Optional.of(value.booleanValue());
    }

    private static Optional<Long> optionalCount(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.canConvertToLong() || !value.isIntegralNumber() || value.longValue() < 0) {
            throw ApiException.badRequest("\"" + field + "\" is a whole number from 0 (unlimited) up");
        }
        return Optional.of(value.longValue());
    }

    private static Optional<NewPassword> password(JsonNode body) {
        if (body.hasNonNull("password") && body.hasNonNull("passwordHash")) {
            throw ApiException.badRequest("give \"password\" or \"passwordHash\", not both");
        }
        if (body.hasNonNull("password")) {
            return Optional.of(NewPassword.plain(text(body, "password")));
        }
        if (body.hasNonNull("passwordHash")) {
            return Optional.of(NewPassword.hashed(text(body, "passwordHash")));
        }
        return Optional.empty();
    }

    /** {@code {"storageOctets":n,"messages":n}}, each optional; absent: no change. */
    private static MailboxQuotaChange mailboxQuota(JsonNode quota) {
        if (quota.isMissingNode() || quota.isNull()) {
            return MailboxQuotaChange.NONE;
        }
        if (!quota.isObject()) {
            throw ApiException.badRequest("\"quota\" is an object: {\"storageOctets\":n,\"messages\":n}");
        }
        return new MailboxQuotaChange(optionalCount(quota, "storageOctets"), optionalCount(quota, "messages"));
    }

    /** {@code {"storageOctets":n,"mailboxes":n}}, each optional; absent: no change. */
    private static DomainQuotaChange domainQuota(JsonNode quota) {
        if (quota.isMissingNode() || quota.isNull()) {
            return DomainQuotaChange.NONE;
        }
        if (!quota.isObject()) {
            throw ApiException.badRequest("\"quota\" is an object: {\"storageOctets\":n,\"mailboxes\":n}");
        }
        Optional<Long> mailboxes = optionalCount(quota, "mailboxes");
        if (mailboxes.filter(m -> m > Integer.MAX_VALUE).isPresent()) {
            throw ApiException.badRequest("\"mailboxes\" is too large");
        }
        return new DomainQuotaChange(optionalCount(quota, "storageOctets"), mailboxes.map(Long::intValue));
    }

    private static ApiReply ok(Object view) {
        return ApiReply.ok(view(view));
    }

    private static ObjectNode page(JsonNode list, String key, ApiCall call) {
        List<JsonNode> items = new ArrayList<>();
        list.forEach(items::add);
        return Page.of(call).of(items, item -> item.path(key).asText(), item -> item);
    }
}
