package org.postbox.daemon.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postbox.admin.Actor;
import org.postbox.admin.AdminService;
import org.postbox.config.PostboxConfig;
import org.postbox.daemon.PostboxDaemon;
import org.postbox.mailstore.AdminScope;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.jpa.testing.EmbeddedPostgresServer;
import org.postbox.mailstore.jpa.testing.PostgresDatabase;
import org.postbox.mailstore.jpa.testing.PostgresExtension;
import org.slf4j.LoggerFactory;

/**
 * The admin API while its store is down: PostgreSQL stopped under a running daemon
 * ({@code store.type: jpa}). Every request that needs the store, the token check included, is a
 * 503 problem of kind UNAVAILABLE, promptly and without an error line; the description still
 * answers; once the database is back, so is the API, with no restart.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AdminApiStoreOutageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EmbeddedPostgresServer server;
    private PostboxDaemon daemon;
    private HttpClient http;
    private String base;
    private String writer;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void start() throws Exception {
        server = PostgresExtension.startDedicatedServer();
        try (Connection admin = new PostgresDatabase("postgres", server.url("postgres"), server.user(),
                server.password()).connect(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE postbox");
        }
        PostgresDatabase database = new PostgresDatabase("postbox", server.url("postbox"), server.user(), server.password());
        StringBuilder yaml = new StringBuilder(String.join("\n",
                "listeners:",
                "  - name: pop3",
                "    address: 127.0.0.1",
                "    port: 0",
                "metrics:",
                "  port: 0",
                "admin:",
                "  listen: 127.0.0.1:0",
                "store:",
                "  type: jpa", ""));
        database.storeSettings().forEach((key, value) -> yaml.append("  ").append(key).append(": ")
                .append(value instanceof String text ? '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"' : value)
                .append('\n'));
        PostboxConfig config = PostboxConfig.parse(yaml.toString(), "test");
        daemon = PostboxDaemon.start(config);
        try (MailStore cli = config.store().open()) {
            writer = AdminService.of(cli).adminTokens().create(Actor.cli("test"), "writer", AdminScope.WRITE).secret();
        }
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        base = "http://127.0.0.1:" + daemon.adminAddress().orElseThrow().getPort();
        logged.start();
        rootLogger().addAppender(logged);
    }

    @AfterEach
    void stop() {
        rootLogger().detachAppender(logged);
        if (daemon != null) {
            daemon.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void withTheDatabaseStoppedEveryStoreRequestIsA503OfKindUnavailableAndTheApiRecoversAfter() throws Exception {
        assertThat(call("POST", "/api/v1/domains", "{\"name\":\"example.com\"}").status).isEqualTo(201);

        server.stop();

        for (String[] request : new String[][] {
                {"GET", "/api/v1/domains", null},
                {"GET", "/api/v1/mailboxes/alice@example.com", null},
                {"POST", "/api/v1/domains", "{\"name\":\"example.org\"}"},
                {"PUT", "/api/v1/mailboxes/alice@example.com", "{\"password\":\"secret\"}"}}) {
            Reply reply = call(request[0], request[1], request[2]);
            String what = request[0] + " " + request[1];
            assertThat(reply.status).as(what).isEqualTo(503);
            assertThat(reply.contentType).as(what).startsWith("application/problem+json");
            assertThat(reply.json.path("kind").asText()).as(what).isEqualTo("UNAVAILABLE");
            assertThat(reply.json.path("status").asInt()).as(what).isEqualTo(503);
            assertThat(reply.json.path("detail").asText()).as(what).isNotBlank();
        }
        // Needs no store, so it still answers.
        assertThat(call("GET", "/api/v1/openapi.json", null).status).isEqualTo(200);

        server.start();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> call("GET", "/api/v1/domains", null).status == 200);
        assertThat(call("POST", "/api/v1/domains", "{\"name\":\"example.org\"}").status).isEqualTo(201);
        Reply domains = call("GET", "/api/v1/domains", null);
        assertThat(domains.json.path("items")).extracting(item -> item.path("domain").asText())
                .containsExactly("example.com", "example.org");
        // None of what was refused meanwhile happened.
        assertThat(call("GET", "/api/v1/mailboxes/alice@example.com", null).status).isEqualTo(404);
        assertThat(errorLines()).as("an outage is weather, not a defect: nothing at ERROR").isEmpty();
    }

    private record Reply(int status, String contentType, JsonNode json) {
    }

    private Reply call(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + writer)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String text = response.body();
        JsonNode json = text == null || text.isEmpty() ? JSON.nullNode() : JSON.readTree(text);
        return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), json);
    }

    private static Logger rootLogger() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private List<String> errorLines() {
        synchronized (logged) {
            return logged.list.stream().filter(event -> event.getLevel().isGreaterOrEqual(Level.ERROR))
                    .map(event -> event.getLoggerName() + ": " + event.getFormattedMessage()).toList();
        }
    }
}
