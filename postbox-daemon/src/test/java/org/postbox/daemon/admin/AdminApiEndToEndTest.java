package org.postbox.daemon.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.postbox.admin.Actor;
import org.postbox.admin.AdminService;
import org.postbox.admin.AuditLog;
import org.postbox.config.PostboxConfig;
import org.postbox.daemon.PostboxDaemon;
import org.postbox.lmtp.LmtpTestClient;
import org.postbox.mailstore.AdminScope;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageSource;
import org.postbox.mailstore.jpa.testing.PostgresExtension;
import org.postbox.mailstore.jpa.testing.StoreFixture;
import org.postbox.pop3.server.Pop3TestClient;
import org.slf4j.LoggerFactory;

/**
 * The admin API driven by the JDK's HTTP client against a running daemon, on each store backend:
 * every resource, every error status, token scopes, pagination, idempotent PUTs, the kick of a
 * live POP3 session, and aliases and catch-alls delivered over LMTP.
 */
@ParameterizedClass(name = "store.type: {0}")
@MethodSource("stores")
class AdminApiEndToEndTest {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    static List<StoreFixture> stores() {
        return StoreFixture.all(POSTGRES);
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "admin api test password";

    @TempDir
    Path dir;

    @Parameter
    StoreFixture backend;

    private PostboxDaemon daemon;
    /** Another instance of the daemon's store, as the CLI would have. */
    private MailStore cli;
    private HttpClient http;
    private String base;
    private String writer;
    private String reader;
    private final ListAppender<ILoggingEvent> audit = new ListAppender<>();

    @BeforeEach
    void start() {
        audit.start();
        auditLogger().addAppender(audit);
        StringBuilder yaml = new StringBuilder(String.join("\n",
                "listeners:",
                "  - name: pop3",
                "    address: 127.0.0.1",
                "    port: 0",
                "  - name: lmtp",
                "    protocol: lmtp",
                "    address: 127.0.0.1",
                "    port: 0",
                "    hostname: mx.test",
                "    spool-directory: " + dir.resolve("spool"),
                "auth:",
                "  failure-delay: 100ms",
                "  penalty-initial: 0s",
                "  penalty-max: 0s",
                "  hash-threads: 2",
                "metrics:",
                "  port: 0",
                "admin:",
                "  listen: 127.0.0.1:0",
                "store:",
                "  type: " + backend.name(), ""));
        backend.storeSettings(dir.resolve("mail")).forEach((key, value) -> yaml.append("  ").append(key).append(": ")
                .append(value instanceof String text ? '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"' : value)
                .append('\n'));
        PostboxConfig config = PostboxConfig.parse(yaml.toString(), "test");
        daemon = PostboxDaemon.start(config);
        cli = config.store().open();
        AdminService service = AdminService.of(cli);
        writer = service.adminTokens().create(Actor.cli("test"), "writer", AdminScope.WRITE).secret();
        reader = service.adminTokens().create(Actor.cli("test"), "reader", AdminScope.READ).secret();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        base = "http://127.0.0.1:" + daemon.adminAddress().orElseThrow().getPort();
    }

    @AfterEach
    void stop() {
        auditLogger().detachAppender(audit);
        if (daemon != null) {
            daemon.close();
        }
        if (cli != null) {
            cli.close();
        }
    }

    // ---- tokens, scopes, problems ---------------------------------------------------------------

    @Test
    void theDescriptionNeedsNoTokenAndEverythingElseDoes() throws Exception {
        Reply openApi = call("GET", "/api/v1/openapi.json", null, null);
        assertThat(openApi.status).isEqualTo(200);
        assertThat(openApi.json.path("paths").has("/api/v1/domains")).isTrue();

        Reply none = call("GET", "/api/v1/domains", null, null);
        assertThat(none.status).isEqualTo(401);
        assertThat(none.contentType).startsWith("application/problem+json");
        assertThat(none.json.path("kind").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(none.json.path("status").asInt()).isEqualTo(401);
        assertThat(none.json.has("type")).isTrue();
        assertThat(none.json.has("title")).isTrue();

        assertThat(call("GET", "/api/v1/domains", "pbx_not-a-token", null).status).isEqualTo(401);
        assertThat(call("GET", "/api/v1/domains", reader, null).status).isEqualTo(200);

        Reply readerWrites = call("POST", "/api/v1/domains", reader, "{\"name\":\"example.com\"}");
        assertThat(readerWrites.status).isEqualTo(403);
        assertThat(readerWrites.json.path("kind").asText()).isEqualTo("FORBIDDEN");
        assertThat(call("GET", "/api/v1/domains/example.com", reader, null).status).isEqualTo(404);
    }

    @Test
    void badRequestsAreProblemsOfKindInvalid() throws Exception {
        Reply badJson = call("POST", "/api/v1/domains", writer, "{\"name\":");
        assertThat(badJson.status).isEqualTo(400);
        assertThat(badJson.json.path("kind").asText()).isEqualTo("INVALID");
        assertThat(call("POST", "/api/v1/domains", writer, "[1]").status).isEqualTo(400);
        assertThat(call("GET", "/api/v1/mailboxes/not-an-address", writer, null).status).isEqualTo(400);
        assertThat(call("POST", "/api/v1/domains", writer, "{\"name\":\"bad domain!\"}").status).isEqualTo(400);
        assertThat(call("GET", "/api/v1/nothing-here", writer, null).status).isEqualTo(404);
        assertThat(call("PATCH", "/api/v1/domains", writer, "{}").status).isEqualTo(405);
    }

    // ---- domains --------------------------------------------------------------------------------

    @Test
    void domainsArePagedCreatedUpdatedIdempotentlyAndRemoved() throws Exception {
        for (String name : List.of("a.example", "b.example", "c.example")) {
            Reply created = call("POST", "/api/v1/domains", writer, "{\"name\":\"" + name + "\"}");
            assertThat(created.status).isEqualTo(201);
            assertThat(created.json.path("domain").asText()).isEqualTo(name);
        }
        assertThat(call("POST", "/api/v1/domains", writer, "{\"name\":\"a.example\"}").json.path("kind").asText())
                .isEqualTo("CONFLICT");

        Reply first = call("GET", "/api/v1/domains?limit=2", reader, null);
        assertThat(names(first, "domain")).containsExactly("a.example", "b.example");
        assertThat(first.json.path("next").asText()).isEqualTo("b.example");
        Reply second = call("GET", "/api/v1/domains?limit=2&after=b.example", reader, null);
        assertThat(names(second, "domain")).containsExactly("c.example");
        assertThat(second.json.path("next").isNull()).isTrue();
        assertThat(call("GET", "/api/v1/domains?limit=0", reader, null).status).isEqualTo(400);

        String settings = "{\"suspended\":true,\"pop3\":false,\"quota\":{\"mailboxes\":5}}";
        Reply changed = call("PUT", "/api/v1/domains/a.example", writer, settings);
        assertThat(changed.status).isEqualTo(200);
        assertThat(changed.json.path("outcome").asText()).isEqualTo("changed");
        assertThat(changed.json.path("result").path("suspended").asBoolean()).isTrue();
        assertThat(changed.json.path("result").path("pop3").asBoolean()).isFalse();
        Reply again = call("PUT", "/api/v1/domains/a.example", writer, settings);
        assertThat(again.status).isEqualTo(200);
        assertThat(again.json.path("outcome").asText()).isEqualTo("unchanged");
        Reply made = call("PUT", "/api/v1/domains/d.example", writer, "{}");
        assertThat(made.status).isEqualTo(201);
        assertThat(made.json.path("outcome").asText()).isEqualTo("created");

        assertThat(call("DELETE", "/api/v1/domains/d.example", writer, null).status).isEqualTo(204);
        assertThat(call("GET", "/api/v1/domains/d.example", reader, null).status).isEqualTo(404);
        assertThat(call("DELETE", "/api/v1/domains/d.example", writer, null).status).isEqualTo(404);

        mailbox("alice@b.example");
        Reply notEmpty = call("DELETE", "/api/v1/domains/b.example", writer, null);
        assertThat(notEmpty.status).isEqualTo(409);
        assertThat(notEmpty.json.path("kind").asText()).isEqualTo("CONFLICT");
    }

    // ---- mailboxes ------------------------------------------------------------------------------

    @Test
    void mailboxesAreCreatedChangedRenamedAndRemoved() throws Exception {
        call("POST", "/api/v1/domains", writer, "{\"name\":\"example.com\"}");
        Reply created = call("POST", "/api/v1/domains/example.com/mailboxes", writer,
                "{\"local\":\"alice\",\"password\":\"" + PASSWORD + "\",\"quota\":{\"messages\":10}}");
        assertThat(created.status).isEqualTo(201);
        assertThat(created.json.path("address").asText()).isEqualTo("alice@example.com");
        assertThat(created.json.path("maxMessages").asLong()).isEqualTo(10);
        assertThat(call("POST", "/api/v1/domains/example.com/mailboxes", writer,
                "{\"address\":\"alice@example.com\",\"password\":\"x\"}").status).isEqualTo(409);
        assertThat(call("POST", "/api/v1/domains/example.com/mailboxes", writer,
                "{\"address\":\"bob@example.org\",\"password\":\"x\"}").status).isEqualTo(400);
        assertThat(call("POST", "/api/v1/domains/nowhere.example/mailboxes", writer,
                "{\"local\":\"bob\",\"password\":\"x\"}").status).isEqualTo(404);

        Reply put = call("PUT", "/api/v1/mailboxes/bob@example.com", writer, "{\"password\":\"" + PASSWORD + "\"}");
        assertThat(put.status).isEqualTo(201);
        Reply putAgain = call("PUT", "/api/v1/mailboxes/bob@example.com", writer, "{\"password\":\"" + PASSWORD + "\"}");
        assertThat(putAgain.status).isEqualTo(200);
        assertThat(putAgain.json.path("outcome").asText()).isEqualTo("unchanged");
        assertThat(names(call("GET", "/api/v1/domains/example.com/mailboxes", reader, null), "address"))
                .containsExactly("alice@example.com", "bob@example.com");

        assertThat(call("PUT", "/api/v1/mailboxes/bob%40example.com/password", writer,
                "{\"passwordHash\":\"{PLAIN}plain text\"}").status).isEqualTo(204);
        assertThat(call("PUT", "/api/v1/mailboxes/bob@example.com/password", writer, "{}").status).isEqualTo(400);
        Reply suspended = call("PUT", "/api/v1/mailboxes/bob@example.com/suspended", writer, "{\"suspended\":true}");
        assertThat(suspended.json.path("result").path("suspended").asBoolean()).isTrue();
        Reply quota = call("PUT", "/api/v1/mailboxes/bob@example.com/quota", writer, "{\"storageOctets\":1000}");
        assertThat(quota.status).isEqualTo(200);
        assertThat(quota.json.path("maxOctets").asLong()).isEqualTo(1000);

        Reply renamed = call("POST", "/api/v1/mailboxes/bob@example.com/rename", writer, "{\"to\":\"robert@example.com\"}");
        assertThat(renamed.status).isEqualTo(200);
        assertThat(renamed.json.path("address").asText()).isEqualTo("robert@example.com");
        assertThat(call("GET", "/api/v1/mailboxes/bob@example.com", reader, null).status).isEqualTo(404);
        assertThat(call("POST", "/api/v1/mailboxes/robert@example.com/rename", writer,
                "{\"to\":\"alice@example.com\"}").status).isEqualTo(409);

        assertThat(call("DELETE", "/api/v1/mailboxes/robert@example.com", writer, null).status).isEqualTo(204);
        assertThat(call("GET", "/api/v1/mailboxes/robert@example.com", reader, null).status).isEqualTo(404);
    }

    @Test
    void appPasswordsAreMadeListedAndRevoked() throws Exception {
        mailbox("alice@example.com");
        Reply made = call("POST", "/api/v1/mailboxes/alice@example.com/app-passwords", writer, "{\"name\":\"phone\"}");
        assertThat(made.status).isEqualTo(201);
        String secret = made.json.path("password").asText();
        assertThat(secret).isNotBlank();
        assertThat(names(call("GET", "/api/v1/mailboxes/alice@example.com/app-passwords", reader, null), "name"))
                .containsExactly("phone");
        try (Pop3TestClient pop3 = Pop3TestClient.greeted(daemon.boundAddress("pop3"))) {
            assertThat(pop3.logIn("alice@example.com", secret)).startsWith("+OK");
        }
        assertThat(call("DELETE", "/api/v1/mailboxes/alice@example.com/app-passwords/phone", writer, null).status)
                .isEqualTo(204);
        assertThat(call("DELETE", "/api/v1/mailboxes/alice@example.com/app-passwords/phone", writer, null).status)
                .isEqualTo(404);
    }

    @Test
    void pop3AccessOffRefusesTheLoginWithAuthAndTheLastLoginAndHistoryAreShown() throws Exception {
        mailbox("alice@example.com");
        assertThat(call("GET", "/api/v1/mailboxes/alice@example.com", reader, null).json.path("lastLogin").isNull())
                .isTrue();
        Reply off = call("PUT", "/api/v1/mailboxes/alice@example.com/pop3", writer, "{\"enabled\":false}");
        assertThat(off.json.path("result").path("pop3").asBoolean()).isFalse();
        try (Pop3TestClient pop3 = Pop3TestClient.greeted(daemon.boundAddress("pop3"))) {
            assertThat(pop3.logIn("alice@example.com", PASSWORD))
                    .isEqualTo("-ERR [AUTH] POP3 access is disabled for this mailbox");
            // Not a failed attempt: the same connection logs in once access is back.
            call("PUT", "/api/v1/mailboxes/alice@example.com/pop3", writer, "{\"enabled\":true}");
            assertThat(pop3.logIn("alice@example.com", PASSWORD)).startsWith("+OK");
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                call("GET", "/api/v1/mailboxes/alice@example.com", reader, null).json.path("lastLogin").asText())
                .matches("\\d{4}-\\d\\d-\\d\\dT.*Z"));

        // Only the login that opened the maildrop is in the history; the refused one is not.
        Reply history = call("GET", "/api/v1/mailboxes/alice@example.com/history", reader, null);
        assertThat(history.status).isEqualTo(200);
        assertThat(history.json).hasSize(1);
        assertThat(history.json.get(0).path("event").asText()).isEqualTo("login");
        assertThat(history.json.get(0).path("mechanism").asText()).isEqualTo("USER");
        assertThat(history.json.get(0).path("clientIp").asText()).isEqualTo("127.0.0.1");
        assertThat(call("GET", "/api/v1/mailboxes/alice@example.com/history?since=2999-01-01", reader, null).json)
                .isEmpty();
        assertThat(call("GET", "/api/v1/mailboxes/alice@example.com/history?since=soon", reader, null).status)
                .isEqualTo(400);
        Reply legacy = call("GET", "/api/v1/reports/legacy", reader, null);
        assertThat(legacy.json.path("domains").get(0).path("domain").asText()).isEqualTo("example.com");
        assertThat(legacy.json.path("domains").get(0).path("uses").get(0).path("kind").asText()).isEqualTo("no-tls");
    }

    @Test
    void quotasListTheMailboxesNearTheirLimits() throws Exception {
        MailboxAddress alice = mailbox("alice@example.com");
        mailbox("bob@example.com");
        call("PUT", "/api/v1/mailboxes/alice@example.com/quota", writer, "{\"messages\":2}");
        deliver(alice);
        deliver(alice);
        Reply near = call("GET", "/api/v1/quotas?min-fill=0.8", reader, null);
        assertThat(names(near, "address")).containsExactly("alice@example.com");
        assertThat(call("GET", "/api/v1/quotas?min-fill=lots", reader, null).status).isEqualTo(400);
    }

    // ---- retention and undelete ----------------------------------------------------------------

    @Test
    void aPop3DeletionHeldByItsDomainIsUndeletedWithItsUidlAndCapaShowsTheMailboxsExpire() throws Exception {
        MailboxAddress alice = mailbox("alice@example.com");
        Reply domain = call("PUT", "/api/v1/domains/example.com/retention", writer, "{\"expire\":30,\"holdDays\":7}");
        assertThat(domain.json.path("result").path("holdDays").asInt()).as(domain.json.toString()).isEqualTo(7);
        assertThat(call("PUT", "/api/v1/mailboxes/alice@example.com/expire", writer, "{\"expire\":\"soon\"}").status)
                .isEqualTo(400);
        call("PUT", "/api/v1/mailboxes/alice@example.com/expire", writer, "{\"expire\":5}");
        deliver(alice);
        deliver(alice);
        String uidl;
        try (Pop3TestClient pop3 = Pop3TestClient.greeted(daemon.boundAddress("pop3"))) {
            assertThat(pop3.capabilities()).contains("EXPIRE 5 USER");
            assertThat(pop3.logIn("alice@example.com", PASSWORD)).startsWith("+OK");
            assertThat(pop3.capabilities()).contains("EXPIRE 5");
            uidl = pop3.command("UIDL 1").split(" ")[2];
            assertThat(pop3.command("DELE 1")).startsWith("+OK");
            assertThat(pop3.command("QUIT")).startsWith("+OK");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> count(alice) == 1);

        Reply restored = call("POST", "/api/v1/mailboxes/alice@example.com/undelete", writer, "{\"since\":\"2020-01-01\"}");
        assertThat(restored.json.path("restored").asInt()).as(restored.json.toString()).isEqualTo(1);
        try (Maildrop maildrop = cli.open(alice)) {
            assertThat(maildrop.messages()).hasSize(2);
            assertThat(maildrop.messages().get(0).uniqueId()).isEqualTo(uidl);
        }
        assertThat(auditLines()).filteredOn(line -> line.contains("action=mailbox.undelete")).singleElement()
                .asString().contains("restored 1");
    }

    // ---- aliases over LMTP ----------------------------------------------------------------------

    @Test
    void aliasesAndTheCatchAllDeliverOverLmtp() throws Exception {
        MailboxAddress alice = mailbox("alice@example.com");
        MailboxAddress bob = mailbox("bob@example.com");
        Reply sales = call("PUT", "/api/v1/domains/example.com/aliases/sales", writer,
                "{\"targets\":[\"alice@example.com\",\"bob@example.com\"]}");
        assertThat(sales.status).isEqualTo(201);
        Reply same = call("PUT", "/api/v1/domains/example.com/aliases/sales", writer,
                "{\"targets\":[\"alice@example.com\",\"bob@example.com\"]}");
        assertThat(same.json.path("outcome").asText()).isEqualTo("unchanged");
        assertThat(call("PUT", "/api/v1/domains/example.com/aliases/@", writer, "{\"targets\":[\"bob@example.com\"]}")
                .status).isEqualTo(201);
        Reply loop = call("PUT", "/api/v1/domains/example.com/aliases/other", writer,
                "{\"targets\":[\"sales@example.com\"]}");
        assertThat(loop.status).isEqualTo(409);
        assertThat(call("PUT", "/api/v1/domains/example.com/aliases/x", writer, "{\"targets\":[]}").status)
                .isEqualTo(400);
        assertThat(names(call("GET", "/api/v1/domains/example.com/aliases", reader, null), "alias"))
                .containsExactly("@example.com", "sales@example.com");
        assertThat(call("GET", "/api/v1/domains/example.com/aliases/@", reader, null).json.path("catchAll")
                .asBoolean()).isTrue();

        try (LmtpTestClient lmtp = LmtpTestClient.connect(daemon.boundAddress("lmtp"))) {
            lmtp.reply();
            lmtp.send("LHLO mta.example.net");
            lmtp.readReply();
            assertThat(lmtp.command("MAIL FROM:<sender@example.net>")).startsWith("250 ");
            assertThat(lmtp.command("RCPT TO:<sales@example.com>")).startsWith("250 ");
            assertThat(lmtp.command("RCPT TO:<nobody-in-particular@example.com>")).startsWith("250 ");
            assertThat(lmtp.command("DATA")).startsWith("354 ");
            lmtp.send("Subject: to the aliases");
            lmtp.send("");
            lmtp.send("hello");
            assertThat(lmtp.command(".")).startsWith("250 ");
            assertThat(lmtp.reply()).startsWith("250 ");
            lmtp.command("QUIT");
        }
        // bob is reached by the alias and by the catch-all: one copy all the same.
        assertThat(count(alice)).isEqualTo(1);
        assertThat(count(bob)).isEqualTo(1);

        assertThat(call("DELETE", "/api/v1/domains/example.com/aliases/@", writer, null).status).isEqualTo(204);
        assertThat(call("DELETE", "/api/v1/domains/example.com/aliases/@", writer, null).status).isEqualTo(404);
    }

    // ---- sessions, kick, reload ------------------------------------------------------------------

    @Test
    void aKickEndsALivePop3SessionWithoutDeletingAnything() throws Exception {
        MailboxAddress alice = mailbox("alice@example.com");
        deliver(alice);
        try (Pop3TestClient pop3 = Pop3TestClient.greeted(daemon.boundAddress("pop3"))) {
            assertThat(pop3.logIn("alice@example.com", PASSWORD)).startsWith("+OK");
            assertThat(pop3.command("DELE 1")).startsWith("+OK");

            Reply sessions = call("GET", "/api/v1/sessions?address=alice@example.com", reader, null);
            assertThat(sessions.json.path("items")).hasSize(1);
            JsonNode session = sessions.json.path("items").get(0);
            assertThat(session.path("protocol").asText()).isEqualTo("pop3");
            assertThat(session.path("tls").asBoolean()).isFalse();
            assertThat(session.path("client").asText()).startsWith("127.0.0.1:");
            assertThat(session.path("since").asText()).isNotBlank();
            assertThat(call("GET", "/api/v1/sessions?address=bob@example.com", reader, null).json.path("items"))
                    .isEmpty();

            // The maildrop is held: neither a rename nor a removal may take it away.
            Reply rename = call("POST", "/api/v1/mailboxes/alice@example.com/rename", writer, "{\"to\":\"al@example.com\"}");
            assertThat(rename.status).isEqualTo(423);
            assertThat(rename.json.path("kind").asText()).isEqualTo("IN_USE");
            assertThat(call("DELETE", "/api/v1/mailboxes/alice@example.com", writer, null).status).isEqualTo(423);

            String id = session.path("id").asText();
            assertThat(call("DELETE", "/api/v1/sessions/" + id, reader, null).status).isEqualTo(403);
            assertThat(call("DELETE", "/api/v1/sessions/" + id, writer, null).status).isEqualTo(204);
            assertThat(pop3.readLine()).isEqualTo("-ERR [SYS/TEMP] disconnected by the administrator");
            assertThat(pop3.readLine()).isNull();
            assertThat(call("DELETE", "/api/v1/sessions/" + id, writer, null).status).isEqualTo(404);
            // The service's audit format, on its logger; one line for the one kick that ended something.
            assertThat(auditLines()).filteredOn(line -> line.contains("action=session.kick")).containsExactly(
                    "who=token:writer@127.0.0.1 action=session.kick target=" + id
                            + " changes=\"ended pop3 session of alice@example.com from "
                            + session.path("client").asText() + "\"");
        }
        // Nothing deleted, and the lock is released: the message is still there to be opened.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(count(alice)).isEqualTo(1));
    }

    @Test
    void anLmtpSessionIsListedAndCanBeKicked() throws Exception {
        try (LmtpTestClient lmtp = LmtpTestClient.connect(daemon.boundAddress("lmtp"))) {
            lmtp.reply();
            List<JsonNode> sessions = new ArrayList<>();
            call("GET", "/api/v1/sessions", reader, null).json.path("items").forEach(sessions::add);
            JsonNode session = sessions.stream().filter(s -> s.path("protocol").asText().equals("lmtp")).findFirst()
                    .orElseThrow();
            assertThat(session.path("address").isNull()).isTrue();
            assertThat(call("DELETE", "/api/v1/sessions/" + session.path("id").asText(), writer, null).status)
                    .isEqualTo(204);
            assertThat(lmtp.reply()).isEqualTo("421 4.3.2 mx.test disconnected by the administrator");
        }
    }

    @Test
    void reloadAnswersWhetherNewCertificatesAreInUse() throws Exception {
        Reply reload = call("POST", "/api/v1/reload", writer, null);
        assertThat(reload.status).isEqualTo(200);
        assertThat(reload.json.path("tlsReloaded").asBoolean()).isFalse();
        assertThat(call("POST", "/api/v1/reload", reader, null).status).isEqualTo(403);
        assertThat(auditLines()).filteredOn(line -> line.contains("action=daemon.reload")).containsExactly(
                "who=token:writer@127.0.0.1 action=daemon.reload target=tls changes=\"certificates unchanged\"");
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private static Logger auditLogger() {
        return (Logger) LoggerFactory.getLogger(AuditLog.LOGGER);
    }

    /** The audit lines so far; Jetty's threads append while the test reads. */
    private List<String> auditLines() {
        synchronized (audit) {
            return audit.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    private record Reply(int status, String contentType, JsonNode json) {
    }

    private Reply call(String method, String path, String token, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String text = response.body();
        JsonNode json = text == null || text.isEmpty() ? JSON.nullNode() : JSON.readTree(text);
        return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), json);
    }

    private static List<String> names(Reply page, String field) {
        List<String> names = new ArrayList<>();
        page.json.path("items").forEach(item -> names.add(item.path(field).asText()));
        return names;
    }

    private MailboxAddress mailbox(String address) throws Exception {
        MailboxAddress mailbox = MailboxAddress.parse(address);
        call("PUT", "/api/v1/domains/" + mailbox.domain(), writer, "{}");
        Reply made = call("PUT", "/api/v1/mailboxes/" + address, writer, "{\"password\":\"" + PASSWORD + "\"}");
        assertThat(made.status).as(made.json.toString()).isIn(200, 201);
        return mailbox;
    }

    private void deliver(MailboxAddress to) {
        byte[] message = "Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(cli.deliver(List.of(to), MessageSource.of(message)).get(0))
                .isInstanceOf(org.postbox.mailstore.DeliveryOutcome.Delivered.class);
    }

    private int count(MailboxAddress mailbox) {
        try (Maildrop maildrop = cli.open(mailbox)) {
            return maildrop.messages().size();
        }
    }
}
