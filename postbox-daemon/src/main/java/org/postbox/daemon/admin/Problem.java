package org.postbox.daemon.admin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;

/**
 * An RFC 9457 problem details object ({@code application/problem+json}): {@code type},
 * {@code title}, {@code status}, {@code detail}, and the extension member {@code kind}, the
 * error kind a client can switch on.
 */
record Problem(int status, String kind, String detail) {

    static final String MEDIA_TYPE = "application/problem+json";

    private static final Map<Integer, String> TITLES = Map.ofEntries(
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(409, "Conflict"),
            Map.entry(413, "Content Too Large"), Map.entry(415, "Unsupported Media Type"),
            Map.entry(423, "Locked"), Map.entry(500, "Internal Server Error"), Map.entry(503, "Service Unavailable"));

    static Problem of(ApiException e) {
        return new Problem(e.status(), e.kind(), e.getMessage());
    }

    String title() {
        return TITLES.getOrDefault(status, "Error");
    }

    ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        // A URI of this API's own, so that the kinds are documented in one place (openapi.json).
        node.put("type", "urn:postbox:problem:" + kind.toLowerCase(Locale.ROOT).replace('_', '-'));
        node.put("title", title());
        node.put("status", status);
        node.put("detail", detail);
        node.put("kind", kind);
        return node;
    }
}
