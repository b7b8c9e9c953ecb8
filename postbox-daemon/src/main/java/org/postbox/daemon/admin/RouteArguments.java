package org.postbox.daemon.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.postbox.admin.Actor;
import org.postbox.admin.Change;
import org.postbox.admin.Outcome;
import org.postbox.admin.view.AdminJson;
import org.postbox.mailstore.DomainName;
import org.postbox.mailstore.MailboxAddress;

/**
 * What every group of routes reads from a call and writes into a reply the same way: the actor,
 * the domain and address in the path, a day or time, a view as JSON, an idempotent change's answer.
 * A value that cannot be read is a 400 with the reason.
 */
final class RouteArguments {

    private RouteArguments() {
    }

    static Actor actor(ApiCall call) {
        return new Actor(call.actor());
    }

    static String domain(ApiCall call) {
        try {
            return DomainName.normalise(call.parameter("domain"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    static MailboxAddress address(ApiCall call) {
        return mailboxAddress(call.parameter("address"));
    }

    static MailboxAddress mailboxAddress(String text) {
        try {
            return MailboxAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /**
     * A day (from its midnight, UTC) or an ISO-8601 time.
     *
     * @param problem the 400's detail when {@code text} is neither
     */
    static Instant instant(String text, String problem) {
        try {
            return text.contains("T") ? Instant.parse(text) : LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(problem);
        }
    }

    static JsonNode view(Object view) {
        return AdminJson.mapper().valueToTree(view);
    }

    /** An idempotent PUT's answer: 201 when it created, else 200, with what changed and the result. */
    static ApiReply change(Change change, JsonNode result) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("outcome", change.outcome().label());
        node.set("changes", AdminJson.mapper().valueToTree(change.changes()));
        node.set("result", result);
        return change.outcome() == Outcome.CREATED ? ApiReply.created(node) : ApiReply.ok(node);
    }
}
