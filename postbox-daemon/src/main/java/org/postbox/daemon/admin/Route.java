package org.postbox.daemon.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.postbox.mailstore.AdminScope;

/**
 * One route of the API: a method, a path pattern whose {@code {name}} segments are parameters,
 * the token scope it needs (none for the public ones), and what it does.
 *
 * @param name   a short stable name, the {@code route} tag of the request meters
 * @param scope  empty for a route that needs no token (openapi.json)
 */
record Route(String method, String pattern, Optional<AdminScope> scope, String name, Action action) {

    /** What a route does; runs on one of the admin listener's threads, where blocking store work is fine. */
    @FunctionalInterface
    interface Action {
        ApiReply handle(ApiCall call);
    }

    Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(action, "action");
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("a route's pattern starts with /: " + pattern);
        }
    }

    /** GET is READ, everything else WRITE. */
    static Route of(String method, String pattern, String name, Action action) {
        AdminScope scope = method.equals("GET") ? AdminScope.READ : AdminScope.WRITE;
        return new Route(method, pattern, Optional.of(scope), name, action);
    }

    static Route open(String method, String pattern, String name, Action action) {
        return new Route(method, pattern, Optional.empty(), name, action);
    }

    List<String> segments() {
        return split(pattern);
    }

    /** The path's parameters when it has this route's shape; segments are compared decoded. */
    Optional<List<String>> match(List<String> path) {
        List<String> mine = segments();
        if (mine.size() != path.size()) {
            return Optional.empty();
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < mine.size(); i++) {
            String segment = mine.get(i);
            if (segment.startsWith("{")) {
                values.add(path.get(i));
            } else if (!segment.equals(path.get(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(values);
    }

    /** The names of the parameters, in order. */
    List<String> parameterNames() {
        return segments().stream().filter(s -> s.startsWith("{")).map(s -> s.substring(1, s.length() - 1)).toList();
    }

    static List<String> split(String path) {
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/", -1)) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        return segments;
    }
}
