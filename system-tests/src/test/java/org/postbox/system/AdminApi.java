package org.postbox.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * {@code postboxd}'s admin HTTP API as a control panel uses it: the JDK's HttpClient, a bearer
 * token, JSON in and out. Every call names the status it expects, so that an unexpected answer
 * fails the test with the problem details the daemon gave.
 */
final class AdminApi {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    AdminApi(int port, String token) {
        this.base = URI.create("http://" + Loopback.HOST + ":" + port);
        this.token = token;
    }

    /** {@code GET path}, which must answer 200; its JSON. */
    JsonNode get(String path) {
        return call("GET", path, null, 200);
    }

    /**
     * Every item of a list, page after page: {@code limit} items a page, following {@code next},
     * so that paging is part of what is compared.
     */
    List<JsonNode> items(String path, int limit) {
        List<JsonNode> items = new ArrayList<>();
        String after = null;
        do {
            String page = path + (path.contains("?") ? "&" : "?") + "limit=" + limit
                    + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
            JsonNode answer = get(page);
            answer.path("items").forEach(items::add);
            after = answer.path("next").isTextual() ? answer.path("next").asText() : null;
        } while (after != null);
        return items;
    }

    /** {@code method path} with {@code body} (JSON, or null for none), which must answer {@code status}; its JSON, if any. */
    JsonNode call(String method, String path, String body, int status) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/api/v1" + path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during " + method + " " + path, e);
        }
        if (response.statusCode() != status) {
            throw new AssertionError(method + " " + path + (body == null ? "" : " " + body) + ": expected " + status
                    + ", got " + response.statusCode() + " " + response.body());
        }
        return response.body().isEmpty() ? MissingNode.getInstance() : parse(response.body(), method + " " + path);
    }

    /** {@code text} as JSON; {@code what} names where it came from when it is none. */
    static JsonNode parse(String text, String what) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError(what + " gave no JSON: " + text, e);
        }
    }
}
