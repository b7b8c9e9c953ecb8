package org.postbox.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.jpa.testing.PostgresExtension;

/**
 * Issue 13's proof on the assembled distribution, for each store: {@code bin/postbox} and the
 * admin HTTP API of a running {@code bin/postboxd} provision alike and list alike; {@code who},
 * {@code kick} and {@code reload} reach the daemon with a token and fail clearly without one;
 * aliases and catch-alls deliver over LMTP as an MTA (swaks) sees it; and issue 15's: a real
 * poplib session's login and deletions are in {@code postbox mailbox history}. One daemon per
 * store serves every test here, each test in domains of its own; there is one subclass for each
 * store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AdminEndToEndTests {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private static final String PASSWORD = "Tr0ub4dor&3";
    /** The exit statuses of {@code postbox who}, {@code kick} and {@code reload} (sysexits.h). */
    private static final int TEMPORARY_FAILURE = 75;
    private static final int NO_PERMISSION = 77;
    /** swaks: no recipient was accepted. */
    private static final int SWAKS_NO_RECIPIENT = 24;

    private final StoreBackend backend;
    private final PostboxDistribution distribution = PostboxDistribution.assembled();
    private Path dir;
    private Path config;
    private Path logs;
    private String token;
    private PostboxDaemon daemon;
    private AdminApi api;

    AdminEndToEndTests(StoreBackend backend) {
        this.backend = backend;
    }

    /**
     * The store, a write token made by {@code postbox admin-token create}, and postboxd with its
     * admin API, all in {@code directory}, which is kept when a test fails: the daemon's and the
     * commands' output in it explain the failure.
     */
    @BeforeAll
    void startPostboxd(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path directory) {
        dir = directory;
        int pop3Port = Loopback.freePort();
        int lmtpPort = Loopback.freePort();
        int adminPort = Loopback.freePort();
        Path home = dir.resolve("postbox");
        logs = home.resolve("logs");
        config = PostboxConfigFile.writeWithAdminApi(home.resolve("postbox.yaml"), pop3Port, lmtpPort, adminPort,
                home.resolve("spool"), backend.storeSection(home, POSTGRES::createDatabase));
        JsonNode created = postboxJson("admin-token", "create", "system-tests", "--scope", "write", "--json");
        assertThat(created.path("secret").asText()).as("the new token's secret: %s", created).startsWith("pbx_");
        token = created.path("secret").asText();
        daemon = distribution.startDaemon(config, logs, pop3Port, lmtpPort);
        daemon.awaitListening(adminPort);
        api = new AdminApi(adminPort, token);
    }

    @AfterAll
    void stopPostboxd() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void cliAndApiProvisionAlikeAndListAlike() {
        // One set of domain, mailboxes, quotas and aliases made with bin/postbox ...
        postbox("domain", "add", "cli.test");
        postboxWithPassword("mailbox", "add", "alice@cli.test", "--password-stdin");
        postboxWithPassword("mailbox", "add", "bob@cli.test", "--password-stdin");
        postbox("mailbox", "pop3", "bob@cli.test", "off");
        postbox("quota", "set", "alice@cli.test", "--storage", "1M", "--messages", "100");
        postbox("quota", "set", "cli.test", "--storage", "10M", "--mailboxes", "5");
        postbox("alias", "add", "sales@cli.test", "alice@cli.test", "bob@cli.test");
        postbox("alias", "set", "@cli.test", "alice@cli.test");
        // ... and the same made through the API.
        api.call("POST", "/domains", "{\"name\":\"api.test\"}", 201);
        api.call("POST", "/domains/api.test/mailboxes", "{\"local\":\"alice\",\"password\":\"" + PASSWORD + "\"}", 201);
        api.call("PUT", "/mailboxes/bob@api.test", "{\"password\":\"" + PASSWORD + "\",\"pop3\":false}", 201);
        api.call("PUT", "/mailboxes/alice@api.test/quota", "{\"storageOctets\":1048576,\"messages\":100}", 200);
        api.call("PUT", "/domains/api.test", "{\"quota\":{\"storageOctets\":10485760,\"mailboxes\":5}}", 200);
        api.call("PUT", "/domains/api.test/aliases/sales", "{\"targets\":[\"alice@api.test\",\"bob@api.test\"]}", 201);
        api.call("PUT", "/domains/api.test/aliases/@", "{\"targets\":[\"alice@api.test\"]}", 201);

        // Each listing, read by the CLI and by the API (in small pages), is the same JSON; each
        // set is read through both, or through the other one than it was made with.
        JsonNode domains = postboxJson("domain", "list", "--json");
        assertThat(domains).as("postbox domain list --json against GET /domains").isEqualTo(array(api.items("/domains", 2)));
        JsonNode mailboxes = postboxJson("mailbox", "list", "--json");
        for (JsonNode domain : domains) {
            String name = domain.path("domain").asText();
            assertThat(array(ofDomain(mailboxes, "address", name)))
                    .as("postbox mailbox list --json against GET /domains/%s/mailboxes", name)
                    .isEqualTo(array(api.items("/domains/" + name + "/mailboxes", 1)));
        }
        JsonNode apiMadeAliases = postboxJson("alias", "list", "api.test", "--json");
        assertThat(apiMadeAliases).as("postbox alias list api.test --json against GET /domains/api.test/aliases")
                .isEqualTo(array(api.items("/domains/api.test/aliases", 1)));
        JsonNode cliMadeAliases = array(api.items("/domains/cli.test/aliases", 1));
        // The API's quota view lists the mailboxes that have a limit, fullest first.
        JsonNode near = array(api.items("/quotas?min-fill=0", 1));
        assertThat(postboxJson("quota", "show", "alice@api.test", "--json"))
                .as("postbox quota show alice@api.test --json against GET /quotas?min-fill=0")
                .isEqualTo(ofDomain(near, "address", "api.test").get(0));
        JsonNode domainQuotas = postboxJson("quota", "show", "--json");
        // A single resource made by the CLI, read through the API, is the item the CLI listed.
        assertThat(api.get("/domains/cli.test")).isEqualTo(ofDomain(domains, "domain", "cli.test").get(0));
        assertThat(api.get("/mailboxes/alice@cli.test")).isEqualTo(ofDomain(mailboxes, "address", "cli.test").get(0));
        assertThat(api.get("/domains/cli.test/aliases/@")).isEqualTo(cliMadeAliases.get(0));

        // The same operations gave the same results: what the CLI made and what the API made differ in the domain only.
        assertThat(renamed(ofDomain(domains, "domain", "cli.test"))).as("the domains")
                .isEqualTo(array(ofDomain(domains, "domain", "api.test"))).hasSize(1);
        assertThat(renamed(ofDomain(mailboxes, "address", "cli.test"))).as("the mailboxes")
                .isEqualTo(array(ofDomain(mailboxes, "address", "api.test"))).hasSize(2);
        assertThat(renamed(cliMadeAliases)).as("the aliases").isEqualTo(apiMadeAliases).hasSize(2);
        assertThat(renamed(ofDomain(near, "address", "cli.test"))).as("the mailboxes' quotas")
                .isEqualTo(array(ofDomain(near, "address", "api.test"))).hasSize(1);
        assertThat(renamed(ofDomain(domainQuotas, "domain", "cli.test"))).as("the domains' quotas in postbox quota show")
                .isEqualTo(array(ofDomain(domainQuotas, "domain", "api.test"))).hasSize(1);
        assertThat(ofDomain(domainQuotas, "domain", "api.test").get(0).path("maxOctets").asLong()).as("10M in octets")
                .isEqualTo(10L << 20);
    }

    @Test
    void whoKickAndReloadReachTheRunningDaemon() {
        api.call("POST", "/domains", "{\"name\":\"who.test\"}", 201);
        api.call("POST", "/domains/who.test/mailboxes", "{\"local\":\"dora\",\"password\":\"" + PASSWORD + "\"}", 201);
        Account dora = new Account("dora@who.test", PASSWORD);
        try (LmtpClient lmtp = LmtpClient.connect(daemon.lmtpPort())) {
            lmtp.deliver(dora.address(), TestMessages.beforeTheMove(dora, 1));
            lmtp.deliver(dora.address(), TestMessages.beforeTheMove(dora, 2));
        }
        Path tokenFile = write(dir.resolve("admin-token"), token + "\n");
        Map<String, String> tokenVariable = Map.of("POSTBOX_ADMIN_TOKEN", token);

        try (Pop3Session pop3 = Pop3Session.login(daemon.pop3Port(), dora)) {
            pop3.command("DELE 1");

            JsonNode who = postboxJson("who", dora.address(), "--json", "--token-file", tokenFile.toString());
            assertThat(who).as("postbox who %s --json", dora).hasSize(1);
            assertThat(who.get(0).path("address").asText()).isEqualTo(dora.address());
            assertThat(who.get(0).path("protocol").asText()).isEqualToIgnoringCase("pop3");
            assertThat(who.get(0).path("client").asText()).contains(Loopback.HOST);
            assertThat(who).as("postbox who against GET /sessions").isEqualTo(array(api.items("/sessions?address=" + dora, 10)));

            ChildProcess.Finished kick = run(tokenVariable, "kick", dora.address());
            assertThat(kick.exitCode()).as(kick.describe()).isZero();
            assertThat(kick.out()).contains("ended 1 session(s) of " + dora);
            assertThat(pop3.linesUntilClosed()).as("what the kicked POP3 client is told before the connection closes")
                    .anySatisfy(line -> assertThat(line).startsWith("-ERR [SYS/TEMP]"));
        }
        // Without UPDATE: the message marked for deletion is still there, and the maildrop is free at once.
        assertThat(Pop3Listing.of(daemon.pop3Port(), dora)).as("dora's maildrop after the kick").hasSize(2);
        await("dora's sessions to end").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.items("/sessions?address=" + dora, 10).isEmpty());

        ChildProcess.Finished reload = run(tokenVariable, "reload");
        assertThat(reload.exitCode()).as(reload.describe()).isZero();
        assertThat(reload.out()).startsWith("reloaded: ");

        ChildProcess.Finished noToken = run(Map.of(), "who");
        assertCleanFailure(noToken, NO_PERMISSION, "no admin token");
        ChildProcess.Finished wrongToken = run(Map.of("POSTBOX_ADMIN_TOKEN", "pbx_" + "A".repeat(43)), "who");
        assertCleanFailure(wrongToken, NO_PERMISSION, "postboxd refused the admin token");
        ChildProcess.Finished daemonDown = run(tokenVariable, "who", "--url",
                "http://" + Loopback.HOST + ":" + Loopback.freePort());
        assertCleanFailure(daemonDown, TEMPORARY_FAILURE, "cannot reach postboxd's admin API");
    }

    /** The poplib session of {@link #historyRecordsARealPoplibSessionsLoginAndDeletions}: it prints "uidl size" of each message it deletes. */
    private static final String POPLIB_DELETES_FIRST_AND_LAST = String.join("\n",
            "import poplib, sys",
            "box = poplib.POP3(sys.argv[1], int(sys.argv[2]), timeout=60)",
            "box.user(sys.argv[3])",
            "box.pass_(sys.argv[4])",
            "uidls = dict(l.decode('ascii').split(' ', 1) for l in box.uidl()[1])",
            "sizes = dict(l.decode('ascii').split(' ', 1) for l in box.list()[1])",
            "for n in ('1', str(len(uidls))):",
            "    box.dele(int(n))",
            "    print(uidls[n], sizes[n])",
            "box.quit()",
            "");

    @Test
    void historyRecordsARealPoplibSessionsLoginAndDeletions() {
        api.call("POST", "/domains", "{\"name\":\"history.test\"}", 201);
        api.call("POST", "/domains/history.test/mailboxes", "{\"local\":\"erin\",\"password\":\"" + PASSWORD + "\"}", 201);
        Account erin = new Account("erin@history.test", PASSWORD);
        try (LmtpClient lmtp = LmtpClient.connect(daemon.lmtpPort())) {
            for (int i = 1; i <= 3; i++) {
                lmtp.deliver(erin.address(), TestMessages.beforeTheMove(erin, i));
            }
        }

        ChildProcess.Finished poplib = ChildProcess.run(List.of(Peer.PYTHON.path().toString(), "-c",
                POPLIB_DELETES_FIRST_AND_LAST, Loopback.HOST, Integer.toString(daemon.pop3Port()), erin.address(),
                erin.password()), dir, Map.of(), logs, "poplib-history", PopClient.POLL_LIMIT);
        assertThat(poplib.exitCode()).as(poplib.describe()).isZero();
        List<String> deleted = poplib.out().lines().toList();
        assertThat(deleted).as(poplib.describe()).hasSize(2);

        // Newest first: the two deletions of the UPDATE, then the login that made them.
        JsonNode history = postboxJson("mailbox", "history", erin.address(), "--json");
        assertThat(history).as("postbox mailbox history %s --json", erin).hasSize(3);
        JsonNode login = history.get(2);
        assertThat(login.path("event").asText()).isEqualTo("login");
        assertThat(login.path("mechanism").asText()).isEqualTo("USER");
        assertThat(login.path("clientIp").asText()).isEqualTo(Loopback.HOST);
        assertThat(login.path("tls").isNull()).as("a login without TLS: %s", login).isTrue();
        List<String> recorded = new ArrayList<>();
        for (JsonNode deletion : List.of(history.get(0), history.get(1))) {
            assertThat(deletion.path("event").asText()).isEqualTo("delete");
            assertThat(deletion.path("session").asText()).isEqualTo(login.path("session").asText());
            recorded.add(deletion.path("uidl").asText() + " " + deletion.path("size").asLong());
        }
        assertThat(recorded).containsExactlyInAnyOrderElementsOf(deleted);
    }

    @Test
    void aliasesAndCatchAllDeliverOverLmtp() {
        assumeTrue(Peer.SWAKS.installed(), "swaks is not installed (apt-get install swaks; .ci/run installs it)");
        api.call("POST", "/domains", "{\"name\":\"lmtp.test\"}", 201);
        for (String local : List.of("ann", "ben", "full")) {
            api.call("POST", "/domains/lmtp.test/mailboxes", "{\"local\":\"" + local + "\",\"password\":\"" + PASSWORD + "\"}",
                    201);
        }
        api.call("PUT", "/mailboxes/full@lmtp.test/quota", "{\"messages\":1}", 200);
        api.call("PUT", "/domains/lmtp.test/aliases/team", "{\"targets\":[\"ann@lmtp.test\",\"ben@lmtp.test\"]}", 201);
        api.call("PUT", "/domains/lmtp.test/aliases/@", "{\"targets\":[\"ben@lmtp.test\"]}", 201);
        api.call("PUT", "/domains/lmtp.test/aliases/to-full", "{\"targets\":[\"full@lmtp.test\"]}", 201);
        api.call("POST", "/domains", "{\"name\":\"plain.test\"}", 201);
        Account ann = new Account("ann@lmtp.test", PASSWORD);
        Account ben = new Account("ben@lmtp.test", PASSWORD);
        Account full = new Account("full@lmtp.test", PASSWORD);
        try (LmtpClient lmtp = LmtpClient.connect(daemon.lmtpPort())) {
            lmtp.deliver(full.address(), TestMessages.beforeTheMove(full, 4));
        }

        SwaksClient swaks = new SwaksClient(daemon.lmtpPort(), logs);
        ChildProcess.Finished team = swaks.deliver("team@lmtp.test", "team.1@sender.test");
        assertThat(team.exitCode()).as(team.describe()).isZero();
        ChildProcess.Finished catchAll = swaks.deliver("nobody@lmtp.test", "catch-all.1@sender.test");
        assertThat(catchAll.exitCode()).as(catchAll.describe()).isZero();
        ChildProcess.Finished toFull = swaks.deliver("to-full@lmtp.test", "to-full.1@sender.test");
        assertRefusedAtRcpt(toFull, "to-full@lmtp.test", "452 4.2.2");
        ChildProcess.Finished unknown = swaks.deliver("nobody@plain.test", "unknown.1@sender.test");
        assertRefusedAtRcpt(unknown, "nobody@plain.test", "550 5.1.1");

        assertThat(messageIds(ann)).as("ann's maildrop: the alias's message").containsExactly("team.1@sender.test");
        assertThat(messageIds(ben)).as("ben's maildrop: the alias's and the catch-all's message")
                .containsExactly("team.1@sender.test", "catch-all.1@sender.test");
        assertThat(messageIds(full)).as("full's maildrop: what filled it, and the quota warning that brought")
                .hasSize(2).doesNotContain("to-full.1@sender.test")
                .anyMatch(id -> id.endsWith(".quota-warning@lmtp.test"));
    }

    // ---- bin/postbox ---------------------------------------------------------------------------

    private ChildProcess.Finished run(Map<String, String> variables, String... arguments) {
        return distribution.postbox(config, logs, "postbox", List.of(arguments), variables, Path.of("/dev/null"));
    }

    /** Runs {@code postbox ARGUMENTS}, which must succeed; its standard output. */
    private String postbox(String... arguments) {
        ChildProcess.Finished finished = run(Map.of(), arguments);
        assertThat(finished.exitCode()).as(finished.describe()).isZero();
        return finished.out();
    }

    /** As {@link #postbox}, with {@link #PASSWORD} on standard input. */
    private void postboxWithPassword(String... arguments) {
        Path input = write(dir.resolve("password"), PASSWORD + "\n");
        ChildProcess.Finished finished = distribution.postbox(config, logs, "postbox", List.of(arguments), Map.of(), input);
        assertThat(finished.exitCode()).as(finished.describe()).isZero();
    }

    private JsonNode postboxJson(String... arguments) {
        return AdminApi.parse(postbox(arguments), "postbox " + String.join(" ", arguments));
    }

    /** A refusal as an administrator should see it: the exit status, a message that says what is wrong, no stack trace. */
    private static void assertCleanFailure(ChildProcess.Finished finished, int exitCode, String message) {
        assertThat(finished.exitCode()).as(finished.describe()).isEqualTo(exitCode);
        assertThat(finished.err()).as(finished.describe()).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
    }

    // ---- LMTP and POP3 -------------------------------------------------------------------------

    /** swaks's transcript shows {@code reply} as the answer to RCPT, and nothing was delivered. */
    private static void assertRefusedAtRcpt(ChildProcess.Finished swaks, String recipient, String reply) {
        assertThat(swaks.exitCode()).as(swaks.describe()).isEqualTo(SWAKS_NO_RECIPIENT);
        List<String> lines = swaks.out().lines().map(String::strip).toList();
        int rcpt = lines.indexOf("-> RCPT TO:<" + recipient + ">");
        assertThat(rcpt).as(swaks.describe()).isNotNegative();
        assertThat(lines.get(rcpt + 1)).as(swaks.describe()).startsWith("<** " + reply);
    }

    /** The Message-IDs of the messages in {@code account}'s maildrop, read over POP3. */
    private List<String> messageIds(Account account) {
        List<String> ids = new ArrayList<>();
        try (Pop3Session pop3 = Pop3Session.login(daemon.pop3Port(), account)) {
            for (String message : pop3.messages()) {
                message.lines().filter(line -> line.regionMatches(true, 0, "Message-ID: <", 0, 13)).findFirst()
                        .ifPresent(line -> ids.add(line.substring(13, line.indexOf('>'))));
            }
            pop3.command("QUIT");
        }
        return ids;
    }

    // ---- JSON ----------------------------------------------------------------------------------

    private static ArrayNode array(List<JsonNode> items) {
        ArrayNode array = AdminApi.JSON.createArrayNode();
        items.forEach(array::add);
        return array;
    }

    /** The items of {@code list} whose {@code field} is the domain {@code domain} or an address in it. */
    private static List<JsonNode> ofDomain(JsonNode list, String field, String domain) {
        List<JsonNode> items = new ArrayList<>();
        for (JsonNode item : list) {
            String value = item.path(field).asText();
            if (value.equals(domain) || value.endsWith("@" + domain)) {
                items.add(item);
            }
        }
        return items;
    }

    /** What the CLI made, as if it had been made in the API's domain. */
    private static JsonNode renamed(JsonNode cliMade) {
        return AdminApi.parse(cliMade.toString().replace("cli.test", "api.test"), "renamed JSON");
    }

    private static JsonNode renamed(List<JsonNode> cliMade) {
        return renamed(array(cliMade));
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
