package org.postbox.daemon.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Pagination, the same for every list: items in a stable order by a key, {@code ?limit=} of them
 * (default {@value #DEFAULT_LIMIT}, at most {@value #MAX_LIMIT}) after the key {@code ?after=};
 * the answer is {@code {"items":[...],"next":KEY}} where {@code next} is the {@code after} of the
 * following page, or null on the last one. A cursor rather than page numbers, so that a page
 * neither repeats nor skips items when others are added or removed meanwhile.
 */
record Page(int limit, Optional<String> after) {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    static Page of(ApiCall call) {
        int limit = DEFAULT_LIMIT;
        Optional<String> text = call.query("limit");
        if (text.isPresent()) {
            try {
                limit = Integer.parseInt(text.get());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT);
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw ApiException.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT);
            }
        }
        return new Page(limit, call.query("after").filter(a -> !a.isEmpty()));
    }

    /** The page of {@code items}, in the order of {@code key}. */
    <T> ObjectNode of(List<T> items, Function<T, String> key, Function<T, JsonNode> json) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        String last = null;
        boolean more = false;
        for (T item : items.stream().sorted(Comparator.comparing(key)).toList()) {
            String k = key.apply(item);
            if (after.isPresent() && k.compareTo(after.get()) <= 0) {
                continue;
            }
            if (array.size() == limit) {
                more = true;
                break;
            }
            array.add(json.apply(item));
            last = k;
        }
        ObjectNode page = JsonNodeFactory.instance.objectNode();
        page.set("items", array);
        if (more) {
            page.put("next", last);
        } else {
            page.putNull("next");
        }
        return page;
    }
}
