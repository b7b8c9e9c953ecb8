package org.postbox.daemon.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** openapi.json describes exactly the routes the API serves: none missing, none made up. */
class OpenApiDocumentTest {

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedRouteExists() {
        Set<String> served = new TreeSet<>();
        for (Route route : routes()) {
            served.add(route.method() + " " + route.pattern());
        }
        Set<String> documented = new TreeSet<>();
        JsonNode paths = ControlRoutes.openApi().path("paths");
        paths.fieldNames().forEachRemaining(path -> paths.get(path).fieldNames().forEachRemaining(
                method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path)));

        assertThat(served).hasSizeGreaterThan(20);
        assertThat(documented).isEqualTo(served);
    }

    @Test
    void onlyTheDescriptionItselfNeedsNoToken() {
        JsonNode paths = ControlRoutes.openApi().path("paths");
        for (Route route : routes()) {
            JsonNode operation = paths.path(route.pattern()).path(route.method().toLowerCase(Locale.ROOT));
            boolean open = operation.path("security").isArray() && operation.path("security").isEmpty();
            assertThat(open).as(route.method() + " " + route.pattern()).isEqualTo(route.scope().isEmpty());
        }
    }

    @Test
    void pathParametersAreDocumented() {
        JsonNode paths = ControlRoutes.openApi().path("paths");
        for (Route route : routes()) {
            JsonNode operation = paths.path(route.pattern()).path(route.method().toLowerCase(Locale.ROOT));
            List<String> documented = new ArrayList<>();
            operation.path("parameters").forEach(p -> {
                if (p.path("in").asText().equals("path")) {
                    documented.add(p.path("name").asText());
                }
            });
            assertThat(documented).as(route.method() + " " + route.pattern()).isEqualTo(route.parameterNames());
        }
    }

    private static List<Route> routes() {
        List<Route> routes = new ArrayList<>(new ControlRoutes(new LiveSessions(java.util.Map.of(), java.util.Map.of()),
                () -> false, entry -> { }).routes());
        // The routes only; no request is made, so no service is needed.
        routes.addAll(new StoreRoutes(null).routes());
        routes.addAll(new HistoryRoutes(null, org.postbox.mailstore.HistoryRetention.DEFAULTS).routes());
        routes.addAll(new RetentionRoutes(null).routes());
        return routes;
    }
}
