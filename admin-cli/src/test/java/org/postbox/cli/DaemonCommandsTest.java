package org.postbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client side of {@code who}, {@code kick} and {@code reload} against a stub of the admin API
 * (the JDK's HttpServer): what it asks, and how each failure becomes a message and an exit status.
 * The real daemon is driven end to end by the daemon's own tests.
 */
class DaemonCommandsTest {
    private static final String TOKEN = "pbx_test-token";

    @TempDir
    Path dir;

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private Cli cli;
    private Path tokenFile;
    private String url;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/", this::answer);
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
        cli = Cli.withMaildir(dir);
        tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + rawQuery(exchange) + " " + auth);
        String path = exchange.getRequestURI().getPath();
        String body;
        int code = status;
        if (code == 401) {
            body = problem(401, "UNAUTHORIZED", "a valid bearer token is needed");
        } else if (path.equals("/api/v1/sessions") && exchange.getRequestURI().getQuery().contains("after=s1")) {
            body = "{\"items\":[" + session("s2") + "],\"next\":null}";
        } else if (path.equals("/api/v1/sessions")) {
            body = "{\"items\":[" + session("s1") + "],\"next\":\"s1\"}";
        } else if (path.startsWith("/api/v1/sessions/")) {
            code = path.endsWith("s2") ? 404 : 204;
            body = code == 404 ? problem(404, "NOT_FOUND", "no open session has id s2") : "";
        } else {
            body = "{\"tlsReloaded\":true}";
        }
        byte[] octets = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(code, octets.length == 0 ? -1 : octets.length);
        if (octets.length > 0) {
            exchange.getResponseBody().write(octets);
        }
        exchange.close();
    }

    private static String rawQuery(HttpExchange exchange) {
        String query = exchange.getRequestURI().getRawQuery();
        return query == null ? "" : "?" + query;
    }

    private static String session(String id) {
        return "{\"id\":\"" + id + "\",\"address\":\"alice@example.com\",\"client\":\"127.0.0.1:40000\","
                + "\"since\":\"2026-01-02T03:04:05Z\",\"tls\":true,\"protocol\":\"pop3\",\"listener\":\"pop3\"}";
    }

    private static String problem(int status, String kind, String detail) {
        return "{\"type\":\"about:blank\",\"title\":\"x\",\"status\":" + status + ",\"detail\":\"" + detail
                + "\",\"kind\":\"" + kind + "\"}";
    }

    @Test
    void whoFollowsEveryPageAndSendsTheToken() {
        Cli.Result result = cli.run("who", "alice@example.com", "--url", url, "--token-file", tokenFile.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("ID  PROTOCOL  ADDRESS            CLIENT           SINCE                 TLS\n")
                .contains("s1  pop3      alice@example.com  127.0.0.1:40000  2026-01-02T03:04:05Z  yes\n")
                .contains("s2  pop3");
        assertThat(requests).containsExactly(
                "GET /api/v1/sessions?limit=1000&address=alice%40example.com Bearer " + TOKEN,
                "GET /api/v1/sessions?limit=1000&address=alice%40example.com&after=s1 Bearer " + TOKEN);
    }

    @Test
    void whoWithJsonPrintsTheSessionsOfEveryPageAsTheApiGivesThem() throws Exception {
        Cli.Result result = cli.run("who", "--json", "--url", url, "--token-file", tokenFile.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).hasLineCount(1);
        JsonNode sessions = new ObjectMapper().readTree(result.out());
        assertThat(sessions).hasSize(2);
        assertThat(sessions.get(0)).isEqualTo(new ObjectMapper().readTree(session("s1")));
        assertThat(sessions.get(1).path("id").asText()).isEqualTo("s2");
    }

    @Test
    void kickDeletesEachSessionAndTakesOneThatEndedMeanwhileAsGone() {
        Cli.Result result = cli.run("kick", "alice@example.com", "--url", url, "--token-file", tokenFile.toString());

        assertThat(result).isEqualTo(new Cli.Result(0, "ended 1 session(s) of alice@example.com; nothing was deleted\n", ""));
        assertThat(requests).contains("DELETE /api/v1/sessions/s1 Bearer " + TOKEN, "DELETE /api/v1/sessions/s2 Bearer " + TOKEN);
    }

    @Test
    void reloadSaysWhatTheDaemonDid() {
        assertThat(cli.run("reload", "--url", url, "--token-file", tokenFile.toString()))
                .isEqualTo(new Cli.Result(0, "reloaded: new certificates in use\n", ""));
    }

    @Test
    void aRefusedTokenIsNoPermission() {
        status = 401;

        Cli.Result result = cli.run("reload", "--url", url, "--token-file", tokenFile.toString());

        assertThat(result.exitCode()).isEqualTo(77);
        assertThat(result.err()).startsWith("postbox: postboxd refused the admin token (a valid bearer token is needed)");
    }

    @Test
    void noTokenIsNoPermissionAndNothingIsSent() {
        Cli.Result result = cli.run("who", "--url", url);

        assertThat(result.exitCode()).isEqualTo(77);
        assertThat(result.err()).startsWith("postbox: no admin token: give --token-file FILE or set POSTBOX_ADMIN_TOKEN");
        assertThat(requests).isEmpty();
    }

    @Test
    void aDaemonThatIsDownIsATemporaryFailure() {
        server.stop(0);

        Cli.Result result = cli.run("who", "--url", url, "--token-file", tokenFile.toString());

        assertThat(result.exitCode()).isEqualTo(75);
        assertThat(result.err()).startsWith("postbox: cannot reach postboxd's admin API at " + url);
    }

    @Test
    void withoutAnAdminSectionOrUrlTheConfigurationIsNamed() {
        Cli.Result result = cli.run("who", "--token-file", tokenFile.toString());

        assertThat(result.exitCode()).isEqualTo(78);
        assertThat(result.err()).contains("no admin: section");
    }
}
