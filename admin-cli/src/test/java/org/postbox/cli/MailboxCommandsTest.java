package org.postbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.config.PostboxConfig;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.password.PasswordSchemes;

class MailboxCommandsTest {
    @TempDir
    Path dir;

    private Cli cli;

    @BeforeEach
    void configure() throws Exception {
        cli = Cli.withMaildir(dir);
        assertThat(cli.run("domain", "add", "example.com").exitCode()).isZero();
    }

    /** The hash field of the address's line in the Dovecot passwd-file. */
    private String storedHash(String address) throws IOException {
        return Files.readAllLines(dir.resolve("mail/passwd"), StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith(address + ":"))
                .map(line -> line.split(":", -1)[1])
                .findFirst()
                .orElseThrow(() -> new AssertionError(address + " is not in the passwd-file"));
    }

    @Test
    void addsAMailboxWithAPasswordFromStandardInput() throws Exception {
        Cli.Result result = cli.withStdin("pässwörd with spaces\r\nsecond line is ignored\n",
                "mailbox", "add", "Alice@Example.com", "--password-stdin");

        assertThat(result).isEqualTo(new Cli.Result(0, "mailbox alice@example.com added\n", ""));
        String hash = storedHash("alice@example.com");
        assertThat(hash).startsWith("{ARGON2ID}$argon2id$v=19$m=65536,t=3,p=1$");
        assertThat(PasswordSchemes.verify(hash, "pässwörd with spaces")).isTrue();
    }

    @Test
    void addsAMailboxWithAPasswordTypedTwiceOnTheTerminal() throws Exception {
        Cli.ScriptedTerminal terminal = new Cli.ScriptedTerminal("typed secret", "typed secret");

        Cli.Result result = cli.withTerminal(terminal, "mailbox", "add", "alice@example.com");

        assertThat(result.exitCode()).isZero();
        assertThat(terminal.prompts).containsExactly("New password for alice@example.com: ", "Repeat the password: ");
        assertThat(PasswordSchemes.isSupported(storedHash("alice@example.com"))).isTrue();
    }

    @Test
    void refusesPasswordsThatDoNotMatchOrAreEmpty() {
        Cli.Result mismatch = cli.withTerminal(new Cli.ScriptedTerminal("one", "two"), "mailbox", "add", "alice@example.com");
        assertThat(mismatch.exitCode()).isEqualTo(65);
        assertThat(mismatch.err()).isEqualTo("postbox: the passwords do not match\n");

        Cli.Result empty = cli.withStdin("\n", "mailbox", "add", "alice@example.com", "--password-stdin");
        assertThat(empty.exitCode()).isEqualTo(65);
        assertThat(empty.err()).isEqualTo("postbox: refusing an empty password\n");

        Cli.Result none = cli.withStdin("", "mailbox", "add", "alice@example.com", "--password-stdin");
        assertThat(none.exitCode()).isEqualTo(65);
        assertThat(none.err()).isEqualTo("postbox: no password on standard input\n");

        assertThat(cli.run("mailbox", "list", "--json").out()).isEqualTo("[]\n");
    }

    @Test
    void withoutTerminalAndWithoutPasswordStdinItIsAUsageError() {
        Cli.Result result = cli.run("mailbox", "add", "alice@example.com");

        assertThat(result.exitCode()).isEqualTo(64);
        assertThat(result.err()).isEqualTo(
                "postbox: no terminal to type the password on; pipe it in with --password-stdin\n");
    }

    @Test
    void refusesAnUnknownDomainAnExistingMailboxAndABadAddress() {
        Cli.Result unknownDomain = cli.withStdin("secret\n", "mailbox", "add", "bob@example.org", "--password-stdin");
        assertThat(unknownDomain.exitCode()).isEqualTo(67);
        assertThat(unknownDomain.err()).startsWith("postbox: no domain example.org");

        cli.addMailboxDirectly("alice@example.com");
        Cli.Result exists = cli.withStdin("secret\n", "mailbox", "add", "alice@example.com", "--password-stdin");
        assertThat(exists.exitCode()).isEqualTo(65);
        assertThat(exists.err()).isEqualTo("postbox: mailbox alice@example.com exists\n");

        Cli.Result bad = cli.withStdin("secret\n", "mailbox", "add", "alice", "--password-stdin");
        assertThat(bad.exitCode()).isEqualTo(64);
        assertThat(bad.err()).isEqualTo("postbox: invalid address 'alice': expected local@domain\n");
    }

    @Test
    void listsMailboxesWithMessagesAndSize() throws Exception {
        cli.addMailboxDirectly("alice@example.com");
        cli.addMailboxDirectly("bob@example.com");
        assertThat(cli.run("domain", "add", "example.org").exitCode()).isZero();
        cli.addMailboxDirectly("carol@example.org");
        String message = "Subject: hi\n\nhello\n";
        assertThat(cli.withStdin(message, "deliver", "alice@example.com").exitCode()).isZero();
        assertThat(cli.withStdin(message, "deliver", "alice@example.com").exitCode()).isZero();

        JsonNode all = new ObjectMapper().readTree(cli.run("mailbox", "list", "--json").out());
        assertThat(all).hasSize(3);
        JsonNode alice = all.get(0);
        assertThat(alice.get("address").asText()).isEqualTo("alice@example.com");
        assertThat(alice.get("messages").asInt()).isEqualTo(2);
        assertThat(alice.get("octets").asLong()).isEqualTo(2L * message.length());
        assertThat(all.get(1).get("messages").asInt()).isZero();

        Cli.Result table = cli.run("mailbox", "list", "example.com");
        assertThat(table.exitCode()).isZero();
        assertThat(table.out()).isEqualTo(""
                + "ADDRESS            MESSAGES  SIZE  FILL  STATE   LAST LOGIN\n"
                + "alice@example.com         2  38 B     -  active  never\n"
                + "bob@example.com           0   0 B     -  active  never\n");
    }

    @Test
    void listingAnUnknownDomainIsNoUser() {
        Cli.Result result = cli.run("mailbox", "list", "example.net");

        assertThat(result.exitCode()).isEqualTo(67);
        assertThat(result.err()).isEqualTo("postbox: no domain example.net\n");
    }

    @Test
    void passwdReplacesTheHash() throws Exception {
        cli.addMailboxDirectly("alice@example.com");
        String before = storedHash("alice@example.com");

        Cli.Result result = cli.withStdin("new secret\n", "mailbox", "passwd", "alice@example.com", "--password-stdin");

        assertThat(result).isEqualTo(new Cli.Result(0, "password of alice@example.com changed\n", ""));
        String after = storedHash("alice@example.com");
        assertThat(after).isNotEqualTo(before);
        assertThat(PasswordSchemes.verify(after, "new secret")).isTrue();
        assertThat(PasswordSchemes.verify(after, "secret")).isFalse();
    }

    @Test
    void schemeChoosesHowTheNewPasswordIsStoredInAnyCase() throws Exception {
        Cli.Result scram = cli.withStdin("s3cret\n", "mailbox", "add", "alice@example.com", "--password-stdin",
                "--scheme", "scram-sha-256");
        Cli.Result cram = cli.withStdin("s3cret\n", "mailbox", "add", "bob@example.com", "--password-stdin",
                "--scheme=Cram-MD5");

        assertThat(scram).isEqualTo(new Cli.Result(0, "mailbox alice@example.com added\n", ""));
        assertThat(cram).isEqualTo(new Cli.Result(0, "mailbox bob@example.com added\n", ""));
        assertThat(storedHash("alice@example.com")).matches("\\{SCRAM-SHA-256\\}4096,[A-Za-z0-9+/=]+,[A-Za-z0-9+/=]+,[A-Za-z0-9+/=]+");
        assertThat(storedHash("bob@example.com")).matches("\\{CRAM-MD5\\}[0-9a-f]{64}");
        assertThat(PasswordSchemes.verify(storedHash("alice@example.com"), "s3cret")).isTrue();
        assertThat(PasswordSchemes.verify(storedHash("bob@example.com"), "s3cret")).isTrue();
    }

    @Test
    void passwdTakesASchemeAndKeepsTheAppPasswords() throws Exception {
        cli.addMailboxDirectly("alice@example.com");
        assertThat(cli.run("mailbox", "app-password", "add", "alice@example.com", "phone").exitCode()).isZero();

        Cli.Result scram = cli.withStdin("new secret\n", "mailbox", "passwd", "alice@example.com", "--password-stdin",
                "--scheme", "SCRAM-SHA-256");
        assertThat(scram).isEqualTo(new Cli.Result(0, "password of alice@example.com changed\n", ""));
        assertThat(storedHash("alice@example.com")).startsWith("{SCRAM-SHA-256}4096,");
        assertThat(PasswordSchemes.verify(storedHash("alice@example.com"), "new secret")).isTrue();

        Cli.Result argon = cli.withStdin("newer secret\n", "mailbox", "passwd", "alice@example.com", "--password-stdin",
                "--scheme", "argon2id");
        assertThat(argon.exitCode()).isZero();
        assertThat(storedHash("alice@example.com")).startsWith("{ARGON2ID}$argon2id$");
        assertThat(cli.run("mailbox", "app-password", "list", "alice@example.com", "--json").out())
                .contains("\"name\":\"phone\"");
    }

    @Test
    void anUnknownSchemeIsAUsageErrorListingTheChoices() throws Exception {
        for (String command : List.of("add", "passwd")) {
            Cli.Result result = cli.withStdin("secret\n", "mailbox", command, "alice@example.com", "--password-stdin",
                    "--scheme", "SHA512-CRYPT");

            assertThat(result.exitCode()).as(command).isEqualTo(64);
            assertThat(result.out()).isEmpty();
            assertThat(result.err()).as(command).startsWith("postbox: Invalid value for option '--scheme': "
                    + "unknown password scheme 'SHA512-CRYPT'; choose one of ARGON2ID, SCRAM-SHA-256, CRAM-MD5\n")
                    .contains("Usage: postbox mailbox " + command);
        }
        assertThat(cli.run("mailbox", "list", "--json").out()).isEqualTo("[]\n");
    }

    @Test
    void theHelpSaysWhatEachSchemeIsFor() {
        for (String command : List.of("add", "passwd")) {
            String help = cli.run("mailbox", command, "--help").out().replaceAll("\\s+", " ");

            assertThat(help).as(command).contains("--scheme=SCHEME")
                    .contains("SCRAM-SHA-256: also lets clients log in with the SCRAM-SHA-256 SASL mechanism")
                    .contains("CRAM-MD5: only for clients that can do nothing but the CRAM-MD5 SASL mechanism")
                    .contains("password-equivalent");
            // Every scheme the password module can write is offered, and only those.
            PasswordSchemes.WRITABLE.forEach(scheme -> assertThat(help).contains(scheme));
        }
    }

    @Test
    void passwdOfAnUnknownMailboxIsNoUser() {
        Cli.Result result = cli.withStdin("secret\n", "mailbox", "passwd", "nobody@example.com", "--password-stdin");

        assertThat(result.exitCode()).isEqualTo(67);
        assertThat(result.err()).isEqualTo("postbox: no mailbox nobody@example.com\n");
    }

    @Test
    void removeWithoutYesAndWithoutTerminalIsRefused() {
        cli.addMailboxDirectly("alice@example.com");
        cli.withStdin("Subject: keep me\n\n.\n", "deliver", "alice@example.com");

        Cli.Result result = cli.run("mailbox", "remove", "alice@example.com");

        assertThat(result.exitCode()).isEqualTo(64);
        assertThat(result.err()).isEqualTo(
                "postbox: refusing to remove alice@example.com and all its mail without --yes (no terminal to ask on)\n");
        assertThat(cli.run("mailbox", "list", "--json").out()).contains("\"messages\":1");
    }

    @Test
    void removeAsksOnTheTerminalAndKeepsTheMailboxUnlessConfirmed() {
        cli.addMailboxDirectly("alice@example.com");

        Cli.ScriptedTerminal declining = new Cli.ScriptedTerminal("n");
        Cli.Result declined = cli.withTerminal(declining, "mailbox", "remove", "alice@example.com");
        assertThat(declining.prompts).containsExactly("Remove alice@example.com and all its mail? [y/N] ");
        assertThat(declined.exitCode()).isEqualTo(1);
        assertThat(declined.err()).isEqualTo("postbox: alice@example.com was not removed\n");
        assertThat(cli.run("mailbox", "list", "--json").out()).contains("alice@example.com");

        Cli.Result confirmed = cli.withTerminal(new Cli.ScriptedTerminal("Y"), "mailbox", "remove", "alice@example.com");
        assertThat(confirmed).isEqualTo(new Cli.Result(0, "mailbox alice@example.com removed with all its mail\n", ""));
        assertThat(cli.run("mailbox", "list", "--json").out()).isEqualTo("[]\n");
    }

    @Test
    void removeWithYesDeletesTheMailboxAndItsMail() {
        cli.addMailboxDirectly("alice@example.com");
        cli.withStdin("Subject: bye\n\nbye\n", "deliver", "alice@example.com");

        Cli.Result result = cli.run("mailbox", "remove", "--yes", "alice@example.com");

        assertThat(result.exitCode()).isZero();
        assertThat(cli.run("mailbox", "list", "--json").out()).isEqualTo("[]\n");
        assertThat(dir.resolve("mail/example.com/alice")).doesNotExist();
        assertThat(cli.run("mailbox", "remove", "--yes", "alice@example.com").exitCode()).isEqualTo(67);
    }

    @Test
    void removingAMailboxInUseByAPop3SessionIsATemporaryFailure() {
        cli.addMailboxDirectly("alice@example.com");

        try (MailStore store = PostboxConfig.load(Optional.of(cli.config())).store().open();
                Maildrop session = store.open(MailboxAddress.parse("alice@example.com"))) {
            assertThat(session.messages()).isEmpty();

            Cli.Result result = cli.run("mailbox", "remove", "--yes", "alice@example.com");

            assertThat(result.exitCode()).isEqualTo(75);
            assertThat(result.err()).startsWith("postbox: ").contains("alice@example.com");
        }
        assertThat(cli.run("mailbox", "list", "--json").out()).contains("alice@example.com");
    }
}
