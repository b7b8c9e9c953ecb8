package org.postbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.HistoryEvent;
import org.postbox.mailstore.HistoryRetention;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;

/**
 * {@code postbox mailbox history} and {@code postbox report legacy}, over a history written
 * through the store as the POP3 engine writes it (the backends' own tests hold both to the SPI).
 */
class HistoryCommandsTest {
    private static final MailboxAddress ALICE = MailboxAddress.parse("alice@example.com");
    private static final MailboxAddress BOB = MailboxAddress.parse("bob@example.com");
    private static final MailboxAddress CAROL = MailboxAddress.parse("carol@example.org");
    private static final HistoryRetention KEEP_30_DAYS = new HistoryRetention(Duration.ofDays(30), 100);

    @TempDir
    Path dir;

    private Cli cli;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeEach
    void configure() throws Exception {
        cli = Cli.withMaildir(dir);
        Files.writeString(cli.config(), "history:\n  keep: 30d\n  max-events: 100\n",
                java.nio.file.StandardOpenOption.APPEND);
        assertThat(cli.run("domain", "add", "example.com").exitCode()).isZero();
        assertThat(cli.run("domain", "add", "example.org").exitCode()).isZero();
        cli.addMailboxDirectly(ALICE.toString());
        cli.addMailboxDirectly(BOB.toString());
        cli.addMailboxDirectly(CAROL.toString());
    }

    private void append(MailboxAddress address, Instant at, HistoryEvent... events) {
        try (MailStore store = cli.openStore()) {
            store.history().append(address, List.of(events), KEEP_30_DAYS, at);
        }
    }

    private static HistoryEvent.Login login(Instant at, String session, String tls, String mechanism) {
        return new HistoryEvent.Login(at, session, "192.0.2.7", Optional.ofNullable(tls), mechanism);
    }

    @Test
    void historyPrintsLoginsAndDeletionsNewestFirstAndOnlyWhatIsKept() throws Exception {
        Instant old = now.minus(Duration.ofDays(40));
        Instant login = now.minus(Duration.ofHours(2));
        Instant quit = login.plusSeconds(30);
        append(ALICE, old, login(old, "00000001", null, "USER")); // older than history.keep: not shown
        append(ALICE, login, login(login, "0000abcd", "TLSv1.3", "PLAIN"));
        append(ALICE, quit, new HistoryEvent.Deletion(quit, "0000abcd", "uid-1", 812));

        Cli.Result json = cli.run("mailbox", "history", "Alice@Example.com", "--json");

        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode events = new ObjectMapper().readTree(json.out());
        assertThat(events).hasSize(2);
        assertThat(events.get(0).get("event").asText()).isEqualTo("delete");
        assertThat(events.get(0).get("uidl").asText()).isEqualTo("uid-1");
        assertThat(events.get(0).get("size").asLong()).isEqualTo(812);
        assertThat(events.get(0).get("session").asText()).isEqualTo("0000abcd");
        assertThat(events.get(1).get("event").asText()).isEqualTo("login");
        assertThat(Instant.parse(events.get(1).get("at").asText())).isEqualTo(login);
        assertThat(events.get(1).get("clientIp").asText()).isEqualTo("192.0.2.7");
        assertThat(events.get(1).get("tls").asText()).isEqualTo("TLSv1.3");
        assertThat(events.get(1).get("mechanism").asText()).isEqualTo("PLAIN");

        Cli.Result text = cli.run("mailbox", "history", "alice@example.com", "--since", quit.toString());
        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).startsWith("TIME").contains("delete", "uid-1, 812 octets").doesNotContain("login");

        assertThat(cli.run("mailbox", "history", "bob@example.com", "--json").out()).isEqualTo("[]\n");
    }

    @Test
    void historyOfAnUnknownMailboxOrWithABadDateFails() {
        Cli.Result unknown = cli.run("mailbox", "history", "nobody@example.com");
        assertThat(unknown.exitCode()).isEqualTo(67);
        assertThat(unknown.err()).contains("nobody@example.com");

        Cli.Result badDate = cli.run("mailbox", "history", "alice@example.com", "--since", "yesterday");
        assertThat(badDate.exitCode()).isEqualTo(64);
        assertThat(badDate.err()).contains("'yesterday' is not a date");
    }

    @Test
    void theLegacyReportGroupsMailboxesByDomainWithCountsAndLastTimes() throws Exception {
        Instant t = now.minus(Duration.ofDays(3));
        append(ALICE, t, login(t, "00000001", null, "USER"));
        append(ALICE, t.plusSeconds(60), login(t.plusSeconds(60), "00000002", null, "APOP"));
        append(BOB, t.plusSeconds(5), login(t.plusSeconds(5), "00000003", "TLSv1.2", "CRAM-MD5"));
        append(BOB, t.plusSeconds(9), login(t.plusSeconds(9), "00000004", "TLSv1.3", "SCRAM-SHA-256"));
        append(CAROL, t, login(t, "00000005", "TLSv1.3", "PLAIN")); // nothing legacy: not listed

        Cli.Result json = cli.run("report", "legacy", "--json");

        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(json.out());
        assertThat(report.get("domains")).hasSize(1);
        JsonNode domain = report.get("domains").get(0);
        assertThat(domain.get("domain").asText()).isEqualTo("example.com");
        assertThat(domain.get("uses").toString()).isEqualTo("[{\"kind\":\"no-tls\",\"mailboxes\":1,\"logins\":2,\"last\":\""
                + t.plusSeconds(60) + "\"},{\"kind\":\"apop\",\"mailboxes\":1,\"logins\":1,\"last\":\"" + t.plusSeconds(60)
                + "\"},{\"kind\":\"cram-md5\",\"mailboxes\":1,\"logins\":1,\"last\":\"" + t.plusSeconds(5) + "\"}]");
        assertThat(domain.get("mailboxes").get(0).get("address").asText()).isEqualTo("alice@example.com");
        assertThat(domain.get("mailboxes").get(0).get("uses")).hasSize(2);
        assertThat(domain.get("mailboxes").get(1).get("address").asText()).isEqualTo("bob@example.com");
        assertThat(domain.get("mailboxes").get(1).get("uses").get(0).get("kind").asText()).isEqualTo("cram-md5");

        Cli.Result text = cli.run("report", "legacy");
        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).startsWith("Legacy POP3 logins since ").contains("alice@example.com", "no-tls", "apop",
                "bob@example.com", "cram-md5").doesNotContain("example.org");
    }
}
