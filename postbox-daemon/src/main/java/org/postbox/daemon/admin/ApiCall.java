package org.postbox.daemon.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One request as a route sees it: its path parameters (decoded), its query parameters, its body
 * (parsed on demand, a 400 problem when it is no JSON object) and who makes it.
 *
 * @param actor who makes the change, for the audit line: {@code token:<name>@<ip>}
 */
record ApiCall(Map<String, String> parameters, Map<String, List<String>> query, Optional<String> body, String actor) {

    private static final ObjectMapper JSON = new ObjectMapper();

    ApiCall {
        parameters = Map.copyOf(parameters);
        query = Map.copyOf(query);
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(actor, "actor");
    }

    String parameter(String name) {
        String value = parameters.get(name);
        if (value == null) {
            throw new IllegalStateException("the route has no parameter " + name);
        }
        return value;
    }

    /** The last value of query parameter {@code name}. */
    Optional<String> query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
    }

    /** The body, a JSON object. */
    JsonNode json() {
        String text = body.filter(b -> !b.isBlank())
                .orElseThrow(() -> ApiException.badRequest("this request needs a JSON object as its body"));
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object");
        }
        return node;
    }
}
