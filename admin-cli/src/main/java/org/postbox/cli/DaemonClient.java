package org.postbox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.postbox.admin.ErrorKind;
import org.postbox.admin.view.AdminJson;

/**
 * The CLI's client of the running daemon's admin HTTP API (the JDK's HttpClient), for what only
 * the daemon knows or does: its sessions, a kick, a reload. Failures become {@link CommandFailure}s
 * with a message that says what to do: daemon not reachable (75), token refused (77), the API's
 * problem details by their {@code kind} otherwise.
 */
final class DaemonClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final String token;
    private final Optional<AdminApiTrust> trust;
    private final HttpClient http;

    /** @param trust for https: the certificates trusted; empty for http */
    DaemonClient(URI base, String token, Optional<AdminApiTrust> trust) {
        this.base = base;
        this.token = token;
        this.trust = trust;
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(TIMEOUT);
        trust.ifPresent(t -> http.sslContext(t.context()));
        this.http = http.build();
    }

    /** The open sessions, of one mailbox when {@code address} is given, every page of them. */
    List<JsonNode> sessions(Optional<String> address) {
        List<JsonNode> sessions = new ArrayList<>();
        Optional<String> after = Optional.empty();
        do {
            StringBuilder query = new StringBuilder("/api/v1/sessions?limit=1000");
            address.ifPresent(a -> query.append("&address=").append(encode(a)));
            after.ifPresent(a -> query.append("&after=").append(encode(a)));
            JsonNode page = ok("GET", query.toString()).orElseThrow(() -> unexpected("an empty answer"));
            page.path("items").forEach(sessions::add);
            JsonNode next = page.path("next");
            after = next.isTextual() ? Optional.of(next.asText()) : Optional.empty();
        } while (after.isPresent());
        return sessions;
    }

    /** Ends a session without its UPDATE state: nothing is deleted. False if it had ended anyway. */
    boolean kick(String sessionId) {
        Reply reply = send("DELETE", "/api/v1/sessions/" + encode(sessionId));
        if (reply.status() == 404) {
            return false;
        }
        reply.orThrow();
        return true;
    }

    /** What SIGHUP does; the daemon's answer. */
    JsonNode reload() {
        return ok("POST", "/api/v1/reload").orElseThrow(() -> unexpected("an empty answer"));
    }

    private Optional<JsonNode> ok(String method, String path) {
        return send(method, path).orThrow();
    }

    private Reply send(String method, String path) {
        URI uri = base.resolve(path);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new CommandFailure(ExitCodes.TEMPORARY, "cannot reach postboxd's admin API at " + base
                    + ": connection refused; is postboxd running, with an admin: section?", e);
        } catch (HttpTimeoutException e) {
            throw new CommandFailure(ExitCodes.TEMPORARY, "postboxd's admin API at " + base + " did not answer in "
                    + TIMEOUT.toSeconds() + " s", e);
        } catch (IOException e) {
            // A refused certificate is no passing trouble: say which check failed and what to do.
            Optional<CommandFailure> certificate = trust.flatMap(t -> t.explain(base, e));
            if (certificate.isPresent()) {
                throw certificate.get();
            }
            throw new CommandFailure(ExitCodes.TEMPORARY, "cannot talk to postboxd's admin API at " + base + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure(ExitCodes.TEMPORARY, "interrupted while waiting for postboxd", e);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return new Reply(status, response.body().isEmpty() ? Optional.empty() : Optional.of(json(response.body())),
                    Optional.empty());
        }
        return new Reply(status, Optional.empty(), Optional.of(failure(method, status, response.body())));
    }

    /** A status with its JSON body, or with the failure it means. */
    private record Reply(int status, Optional<JsonNode> body, Optional<CommandFailure> failure) {
        Optional<JsonNode> orThrow() {
            if (failure.isPresent()) {
                throw failure.get();
            }
            return body;
        }
    }

    private CommandFailure failure(String method, int status, String body) {
        Optional<JsonNode> problem = Optional.empty();
        try {
            problem = Optional.of(AdminJson.mapper().readTree(body));
        } catch (IOException e) {
            // Not problem details (a proxy's page, say): the status line says enough.
        }
        String detail = problem.map(p -> p.path("detail").asText(p.path("title").asText(""))).filter(d -> !d.isEmpty())
                .orElse("HTTP " + status);
        if (status == 401) {
            return new CommandFailure(ExitCodes.NO_PERMISSION, "postboxd refused the admin token (" + detail
                    + "); check --token-file or " + DaemonOptions.TOKEN_VARIABLE + ", or make one with: postbox "
                    + "admin-token create NAME");
        }
        if (status == 403) {
            return new CommandFailure(ExitCodes.NO_PERMISSION, "the admin token may not do this (" + detail
                    + "); " + method + " needs a token of scope write");
        }
        Optional<ErrorKind> kind = problem.map(p -> p.path("kind").asText("")).flatMap(DaemonClient::kind);
        if (kind.isPresent()) {
            return new CommandFailure(ExitCodes.of(kind.get()), detail);
        }
        if (status >= 500) {
            return new CommandFailure(ExitCodes.TEMPORARY, "postboxd failed: " + detail);
        }
        return new CommandFailure(ExitCodes.SOFTWARE, "postboxd answered " + status + ": " + detail);
    }

    private static Optional<ErrorKind> kind(String text) {
        try {
            return Optional.of(ErrorKind.valueOf(text.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private JsonNode json(String body) {
        try {
            return AdminJson.mapper().readTree(body);
        } catch (IOException e) {
            throw unexpected("no JSON");
        }
    }

    private CommandFailure unexpected(String what) {
        return new CommandFailure(ExitCodes.SOFTWARE, "postboxd's admin API at " + base + " answered " + what);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
