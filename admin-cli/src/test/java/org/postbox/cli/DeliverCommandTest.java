package org.postbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliverCommandTest {
    private static final String MESSAGE = "From: bob@example.org\r\nSubject: caf\u00e9\r\n\r\nHello Alice.\r\n.\r\n";

    @TempDir
    Path dir;

    private Cli cli;

    @BeforeEach
    void configure() throws Exception {
        cli = Cli.withMaildir(dir);
        cli.run("domain", "add", "example.com");
        cli.addMailboxDirectly("alice@example.com");
        cli.addMailboxDirectly("bob@example.com");
    }

    private List<Path> newMail(String local) throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("mail/example.com").resolve(local).resolve("Maildir/new"))) {
            return files.collect(Collectors.toList());
        }
    }

    private static List<Path> spoolFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith("postbox-deliver-")).collect(Collectors.toList());
        }
    }

    @Test
    void storesTheMessageUnchangedForEveryRecipient() throws Exception {
        List<Path> spoolsBefore = spoolFiles();

        Cli.Result result = cli.run(MESSAGE.getBytes(StandardCharsets.UTF_8), Optional.empty(),
                "deliver", "-f", "bob@example.org", "alice@example.com", "BOB@example.com");

        assertThat(result).isEqualTo(new Cli.Result(0, "", ""));
        for (String local : List.of("alice", "bob")) {
            List<Path> mail = newMail(local);
            assertThat(mail).hasSize(1);
            assertThat(Files.readAllBytes(mail.get(0))).isEqualTo(MESSAGE.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(spoolFiles()).containsExactlyInAnyOrderElementsOf(spoolsBefore);
    }

    @Test
    void aRecipientNamedTwiceGetsOneCopy() throws Exception {
        assertThat(cli.withStdin(MESSAGE, "deliver", "alice@example.com", "Alice@Example.COM").exitCode()).isZero();

        assertThat(newMail("alice")).hasSize(1);
    }

    @Test
    void anAliasAndTheCatchAllDeliverToTheirMailboxesOneCopyEach() throws Exception {
        assertThat(cli.run("alias", "add", "sales@example.com", "alice@example.com", "bob@example.com").exitCode()).isZero();
        assertThat(cli.run("alias", "add", "@example.com", "bob@example.com").exitCode()).isZero();

        // sales@ reaches alice and bob, nobody@ falls to the catch-all (bob): one copy per mailbox.
        assertThat(cli.withStdin(MESSAGE, "deliver", "sales@example.com", "nobody@example.com").exitCode()).isZero();

        assertThat(newMail("alice")).hasSize(1);
        assertThat(newMail("bob")).hasSize(1);
        assertThat(Files.readAllBytes(newMail("bob").get(0))).isEqualTo(MESSAGE.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anUnknownAddressOfADomainWithoutCatchAllIsNoUser() throws Exception {
        assertThat(cli.run("alias", "add", "sales@example.com", "alice@example.com").exitCode()).isZero();

        assertThat(cli.withStdin(MESSAGE, "deliver", "nobody@example.com").exitCode()).isEqualTo(67);
        assertThat(newMail("alice")).isEmpty();
    }

    @Test
    void acceptsTheNullSenderOfBounces() {
        assertThat(cli.withStdin(MESSAGE, "deliver", "-f", "<>", "alice@example.com").exitCode()).isZero();
        assertThat(cli.withStdin(MESSAGE, "deliver", "-f", "", "alice@example.com").exitCode()).isZero();
    }

    @Test
    void anUnknownRecipientIsNoUserWhileTheOthersGetTheMessage() throws Exception {
        Cli.Result result = cli.withStdin(MESSAGE, "deliver", "nobody@example.com", "alice@example.com", "x@example.net");

        assertThat(result.exitCode()).isEqualTo(67);
        assertThat(result.err()).isEqualTo(""
                + "postbox: nobody@example.com: no such mailbox\n"
                + "postbox: x@example.net: no such mailbox\n");
        assertThat(newMail("alice")).hasSize(1);
    }

    @Test
    void anInvalidRecipientOrSenderIsAUsageErrorAndDeliversNothing() throws Exception {
        Cli.Result recipient = cli.withStdin(MESSAGE, "deliver", "alice@example.com", "not an address");
        assertThat(recipient.exitCode()).isEqualTo(64);
        assertThat(recipient.err()).startsWith("postbox: invalid ");

        Cli.Result sender = cli.withStdin(MESSAGE, "deliver", "-f", "bob@", "alice@example.com");
        assertThat(sender.exitCode()).isEqualTo(64);
        assertThat(sender.err()).startsWith("postbox: invalid sender: ");

        assertThat(newMail("alice")).isEmpty();
    }

    @Test
    void withoutRecipientsItIsAUsageError() {
        Cli.Result result = cli.withStdin(MESSAGE, "deliver");

        assertThat(result.exitCode()).isEqualTo(64);
        assertThat(result.err()).contains("Missing required parameter").contains("Usage: postbox deliver");
    }

    @Test
    void refusesAnEmptyMessage() throws Exception {
        Cli.Result result = cli.withStdin("", "deliver", "alice@example.com");

        assertThat(result.exitCode()).isEqualTo(65);
        assertThat(result.err()).isEqualTo("postbox: refusing an empty message: nothing on standard input\n");
        assertThat(newMail("alice")).isEmpty();
    }

    @Test
    void temporaryFailuresAskTheMtaToRetryAndOtherwiseTheFirstPermanentFailureCounts() throws Exception {
        Cli overQuota = scripted("over-quota");
        Cli.Result full = overQuota.withStdin(MESSAGE, "deliver", "unknown@example.com", "alice@example.com");
        assertThat(full.exitCode()).isEqualTo(67);
        assertThat(full.err()).isEqualTo(""
                + "postbox: unknown@example.com: no such mailbox\n"
                + "postbox: alice@example.com: over quota: mailbox quota of 1 MiB reached\n");
        assertThat(overQuota.withStdin(MESSAGE, "deliver", "alice@example.com", "unknown@example.com").exitCode())
                .isEqualTo(73);
        assertThat(overQuota.withStdin(MESSAGE, "deliver", "--over-quota-temporary", "unknown@example.com",
                "alice@example.com").exitCode()).isEqualTo(75);

        Cli.Result temporary = scripted("temporary").withStdin(MESSAGE, "deliver", "alice@example.com");
        assertThat(temporary.exitCode()).isEqualTo(75);
        assertThat(temporary.err()).isEqualTo("postbox: alice@example.com: temporary failure: disk full\n");
    }

    @Test
    void anUnavailableStoreIsATemporaryFailureWithoutStackTrace() throws Exception {
        Cli unavailable = scripted("unavailable");
        List<Path> spoolsBefore = spoolFiles();

        Cli.Result result = unavailable.withStdin(MESSAGE, "deliver", "alice@example.com");
        assertThat(result.exitCode()).isEqualTo(75);
        assertThat(result.err()).isEqualTo("postbox: the store is unavailable: scripted failure\n");

        Cli.Result verbose = unavailable.withStdin(MESSAGE, "--verbose", "deliver", "alice@example.com");
        assertThat(verbose.exitCode()).isEqualTo(75);
        assertThat(verbose.err()).contains("StoreUnavailableException").contains("\tat ");
        assertThat(spoolFiles()).containsExactlyInAnyOrderElementsOf(spoolsBefore);
    }

    @Test
    void aDeliveryAcrossAQuotaThresholdBringsAWarningAndABrokenTemplateIsNamedOnStandardError() throws Exception {
        Path templates = Files.createDirectory(dir.resolve("warnings"));
        Files.writeString(templates.resolve("example.com.txt"), "Subject: {full}\n\nbody\n");
        Files.writeString(dir.resolve("postbox.yaml"), "quota-warnings:\n  thresholds: [50]\n  templates: " + templates
                + "\n", StandardOpenOption.APPEND);
        assertThat(cli.run("quota", "set", "alice@example.com", "--messages", "2").exitCode()).isZero();

        Cli.Result result = cli.withStdin(MESSAGE, "deliver", "alice@example.com");

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEqualTo("postbox: warning: quota warning template " + templates.resolve("example.com.txt")
                + " is broken, the built-in text is used instead: line 1: unknown placeholder {full}; known are"
                + " [{address}, {domain}, {limit}, {limit-octets}, {message-limit}, {messages}, {percent}, {threshold},"
                + " {used}, {used-octets}]\n");
        List<Path> mail = newMail("alice");
        assertThat(mail).hasSize(2);
        assertThat(mail.stream().map(file -> {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        })).anySatisfy(text -> assertThat(text).contains("\r\nX-Postbox-Quota-Warning: 50\r\n",
                "\r\nSubject: Your mailbox alice@example.com is 50% full\r\n"));
    }

    private Cli scripted(String failure) throws IOException {
        Path config = dir.resolve("scripted-" + failure + ".yaml");
        Files.writeString(config, "store:\n  type: scripted\n  failure: " + failure + "\n");
        return new Cli(config);
    }
}
