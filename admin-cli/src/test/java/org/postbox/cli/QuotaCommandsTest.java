package org.postbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuotaCommandsTest {
    private static final String MESSAGE = "Subject: hello\r\n\r\nA message of some length, for the quota.\r\n";
    /** 60 octets, as the tables below show them. */
    private static final long SIZE = MESSAGE.length();

    @TempDir
    Path dir;

    private Cli cli;

    @BeforeEach
    void configure() throws Exception {
        cli = Cli.withMaildir(dir);
        cli.run("domain", "add", "example.com");
        cli.run("domain", "add", "example.net");
        cli.addMailboxDirectly("alice@example.com");
        cli.addMailboxDirectly("bob@example.com");
    }

    @Test
    void setsAndShowsTheLimitsOfAMailbox() throws Exception {
        Cli.Result set = cli.run("quota", "set", "Alice@Example.com", "--storage", "1G", "--messages", "100");
        assertThat(set).isEqualTo(new Cli.Result(0, "quota of alice@example.com: storage 1.0 GiB, messages 100\n", ""));
        deliver("alice@example.com");

        Cli.Result table = cli.run("quota", "show", "alice@example.com");
        assertThat(table).isEqualTo(new Cli.Result(0, ""
                + "ADDRESS            MESSAGES  MAX-MESSAGES  STORAGE  MAX-STORAGE\n"
                + "alice@example.com         1           100     60 B      1.0 GiB\n", ""));

        JsonNode json = new ObjectMapper().readTree(cli.run("quota", "show", "alice@example.com", "--json").out());
        assertThat(json.get("address").asText()).isEqualTo("alice@example.com");
        assertThat(json.get("messages").asLong()).isEqualTo(1);
        assertThat(json.get("octets").asLong()).isEqualTo(SIZE);
        assertThat(json.get("maxMessages").asLong()).isEqualTo(100);
        assertThat(json.get("maxOctets").asLong()).isEqualTo(1L << 30);
    }

    @Test
    void limitsNotGivenKeepTheirValueAndZeroRemovesOne() {
        cli.run("quota", "set", "alice@example.com", "--storage", "512K", "--messages", "10");

        assertThat(cli.run("quota", "set", "alice@example.com", "--messages", "0").out())
                .isEqualTo("quota of alice@example.com: storage 512.0 KiB, messages unlimited\n");
        assertThat(cli.run("quota", "set", "alice@example.com", "--storage", "0").out())
                .isEqualTo("quota of alice@example.com: storage unlimited, messages unlimited\n");
    }

    @Test
    void setsAndShowsTheLimitsOfADomainWithItsMailboxes() throws Exception {
        assertThat(cli.run("quota", "set", "example.com", "--storage", "10g", "--mailboxes", "50").out())
                .isEqualTo("quota of domain example.com: storage 10.0 GiB, mailboxes 50\n");
        deliver("alice@example.com");
        deliver("bob@example.com");

        Cli.Result table = cli.run("quota", "show", "example.com");
        assertThat(table.exitCode()).isZero();
        assertThat(table.out()).isEqualTo(""
                + "DOMAIN       MAILBOXES  MAX-MAILBOXES  MESSAGES  STORAGE  MAX-STORAGE\n"
                + "example.com          2             50         2    120 B     10.0 GiB\n"
                + "\n"
                + "ADDRESS            MESSAGES  MAX-MESSAGES  STORAGE  MAX-STORAGE\n"
                + "alice@example.com         1     unlimited     60 B    unlimited\n"
                + "bob@example.com           1     unlimited     60 B    unlimited\n");

        JsonNode json = new ObjectMapper().readTree(cli.run("quota", "show", "example.com", "--json").out());
        assertThat(json.get("domain").get("maxOctets").asLong()).isEqualTo(10L << 30);
        assertThat(json.get("domain").get("mailboxes").asInt()).isEqualTo(2);
        assertThat(json.get("domain").get("octets").asLong()).isEqualTo(2 * SIZE);
        assertThat(json.get("mailboxes")).hasSize(2);
        assertThat(json.get("mailboxes").get(1).get("address").asText()).isEqualTo("bob@example.com");
    }

    @Test
    void withoutAnArgumentEveryDomainIsShown() throws Exception {
        cli.run("quota", "set", "example.net", "--mailboxes", "3");

        assertThat(cli.run("quota", "show").out()).isEqualTo(""
                + "DOMAIN       MAILBOXES  MAX-MAILBOXES  MESSAGES  STORAGE  MAX-STORAGE\n"
                + "example.com          2      unlimited         0      0 B    unlimited\n"
                + "example.net          0              3         0      0 B    unlimited\n");
        JsonNode json = new ObjectMapper().readTree(cli.run("quota", "show", "--json").out());
        assertThat(json).hasSize(2);
        assertThat(json.get(1).get("maxMailboxes").asInt()).isEqualTo(3);
    }

    @ParameterizedTest
    @CsvSource({"1024, 1024", "2K, 2048", "2kib, 2048", "3M, 3145728", "1GB, 1073741824", "1T, 1099511627776", "0, 0"})
    void sizesTakeBinaryUnits(String given, long octets) throws Exception {
        assertThat(cli.run("quota", "set", "alice@example.com", "--storage", given).exitCode()).isZero();

        JsonNode json = new ObjectMapper().readTree(cli.run("quota", "show", "alice@example.com", "--json").out());
        assertThat(json.get("maxOctets").asLong()).isEqualTo(octets);
    }

    @Test
    void badSizesAndMisplacedLimitsAreUsageErrors() {
        Cli.Result unit = cli.run("quota", "set", "alice@example.com", "--storage", "12X");
        assertThat(unit.exitCode()).isEqualTo(64);
        assertThat(unit.err()).contains("'12X' is not a size");

        assertThat(cli.run("quota", "set", "alice@example.com", "--storage", "99999999T").err()).contains("too large");
        assertThat(cli.run("quota", "set", "alice@example.com").err()).isEqualTo(
                "postbox: nothing to set: give --storage, --messages or both\n");
        assertThat(cli.run("quota", "set", "alice@example.com", "--mailboxes", "3").exitCode()).isEqualTo(64);
        assertThat(cli.run("quota", "set", "example.com", "--messages", "3").err()).startsWith("postbox: --messages limits a mailbox");
        assertThat(cli.run("quota", "set", "example.com", "--mailboxes", "-2").exitCode()).isEqualTo(64);
        assertThat(cli.run("quota", "show", "not an address@").exitCode()).isEqualTo(64);
    }

    @Test
    void unknownMailboxesAndDomainsAreNoUser() {
        Cli.Result mailbox = cli.run("quota", "set", "carol@example.com", "--storage", "1M");
        assertThat(mailbox).isEqualTo(new Cli.Result(67, "", "postbox: no mailbox carol@example.com\n"));
        assertThat(cli.run("quota", "show", "nowhere.example").exitCode()).isEqualTo(67);
        assertThat(cli.run("quota", "recalc", "nowhere.example").err()).isEqualTo("postbox: no domain nowhere.example\n");
        assertThat(cli.run("mailbox", "suspend", "carol@example.com").exitCode()).isEqualTo(67);
        assertThat(cli.run("domain", "resume", "nowhere.example").exitCode()).isEqualTo(67);
    }

    @Test
    void recalcPrintsTheDifferencesItFixed() throws Exception {
        deliver("alice@example.com");
        deliver("alice@example.com");
        Path maildirsize = dir.resolve("mail/example.com/alice/Maildir/maildirsize");
        Files.writeString(maildirsize, "0S\n999999 7\n", StandardCharsets.US_ASCII);

        Cli.Result first = cli.run("quota", "recalc", "example.com");

        assertThat(first.exitCode()).isZero();
        assertThat(first.out()).isEqualTo(""
                + "alice@example.com: recorded 7 message(s), 976.6 KiB, stored 2 message(s), 120 B\n"
                + "fixed 1 difference(s)\n");
        assertThat(cli.run("quota", "recalc").out()).isEqualTo("usage matched the stored messages; nothing to fix\n");
    }

    @Test
    void aDomainAtItsLimitOfMailboxesTakesNoMore() {
        cli.run("quota", "set", "example.com", "--mailboxes", "2");

        Cli.Result result = cli.withStdin("secret\n", "mailbox", "add", "carol@example.com", "--password-stdin");

        assertThat(result.exitCode()).isEqualTo(73);
        assertThat(result.err()).isEqualTo("postbox: domain example.com has reached its limit of 2 mailbox(es); "
                + "raise it with: postbox quota set example.com --mailboxes N\n");
    }

    @Test
    void aSuspendedMailboxOrDomainRefusesDeliveryWithNoPermission() throws Exception {
        assertThat(cli.run("mailbox", "suspend", "alice@example.com").out())
                .isEqualTo("mailbox alice@example.com suspended: no logins, no deliveries; its mail is kept\n");

        Cli.Result refused = cli.withStdin(MESSAGE, "deliver", "alice@example.com");
        assertThat(refused).isEqualTo(new Cli.Result(77, "", "postbox: alice@example.com: mailbox suspended\n"));

        assertThat(cli.run("mailbox", "resume", "alice@example.com").out()).isEqualTo("mailbox alice@example.com resumed\n");
        assertThat(cli.withStdin(MESSAGE, "deliver", "alice@example.com").exitCode()).isZero();

        assertThat(cli.run("domain", "suspend", "example.com").out())
                .isEqualTo("domain example.com suspended: no logins, no deliveries for its mailboxes; their mail is kept\n");
        assertThat(cli.withStdin(MESSAGE, "deliver", "bob@example.com").exitCode()).isEqualTo(77);
        assertThat(cli.run("domain", "resume", "example.com").out()).isEqualTo("domain example.com resumed\n");
        assertThat(cli.withStdin(MESSAGE, "deliver", "bob@example.com").exitCode()).isZero();
    }

    @Test
    void aFullMailboxIsPermanentUnlessConfiguredTemporary() throws Exception {
        cli.run("quota", "set", "alice@example.com", "--messages", "1");
        deliver("alice@example.com");

        Cli.Result permanent = cli.withStdin(MESSAGE, "deliver", "alice@example.com", "bob@example.com");
        assertThat(permanent).isEqualTo(new Cli.Result(73, "",
                "postbox: alice@example.com: over quota: mailbox message quota reached (1 messages)\n"));

        Cli.Result temporary = cli.withStdin(MESSAGE, "deliver", "--over-quota-temporary", "alice@example.com");
        assertThat(temporary.exitCode()).isEqualTo(75);
        try (Stream<Path> files = Files.list(dir.resolve("mail/example.com/bob/Maildir/new"))) {
            assertThat(files).hasSize(1);
        }
    }

    private void deliver(String address) {
        assertThat(cli.withStdin(MESSAGE, "deliver", address).exitCode()).isZero();
    }
}
