package org.postbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.config.PostboxConfig;
import org.postbox.mailstore.AppPassword;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.password.PasswordSchemes;

class AppPasswordCommandsTest {
    private static final String GENERATED = "[a-km-np-z2-9]{4}(-[a-km-np-z2-9]{4}){4}";
    private static final MailboxAddress ALICE = MailboxAddress.parse("alice@example.com");

    @TempDir
    Path dir;

    private Cli cli;

    @BeforeEach
    void configure() throws Exception {
        cli = Cli.withMaildir(dir);
        assertThat(cli.run("domain", "add", "example.com").exitCode()).isZero();
        cli.addMailboxDirectly("alice@example.com");
    }

    private List<AppPassword> stored(MailboxAddress address) {
        try (MailStore store = PostboxConfig.load(Optional.of(cli.config())).store().open()) {
            return store.directory().appPasswords(address);
        }
    }

    @Test
    void addPrintsTheNewPasswordOnceAndStoresOnlyItsHash() throws Exception {
        Cli.Result result = cli.run("mailbox", "app-password", "add", "Alice@Example.com", "thunderbird");

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        Matcher shown = Pattern.compile("app password 'thunderbird' of alice@example\\.com: (" + GENERATED + ")\n"
                + "Copy it now: only its hash is kept, it cannot be shown again\\. Revoke it with: "
                + "postbox mailbox app-password revoke alice@example\\.com thunderbird\n").matcher(result.out());
        assertThat(shown.matches()).as(result.out()).isTrue();
        String password = shown.group(1);

        AppPassword app = stored(ALICE).get(0);
        assertThat(app.name()).isEqualTo("thunderbird");
        assertThat(app.passwordHash()).startsWith("{SSHA512}");
        assertThat(PasswordSchemes.verify(app.passwordHash(), password)).isTrue();
        assertThat(Files.readString(dir.resolve("mail/passwd.app-passwords"))).doesNotContain(password);
        assertThat(Files.readString(dir.resolve("mail/passwd"))).doesNotContain("thunderbird");
    }

    @Test
    void addWithJsonPrintsOneObject() throws Exception {
        Instant before = Instant.now().minusSeconds(1);

        Cli.Result result = cli.run("mailbox", "app-password", "add", "alice@example.com", "phone", "--json");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).endsWith("}\n").hasLineCount(1);
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertThat(json.get("address").asText()).isEqualTo("alice@example.com");
        assertThat(json.get("name").asText()).isEqualTo("phone");
        assertThat(json.get("password").asText()).matches(GENERATED);
        assertThat(Instant.parse(json.get("created").asText())).isBetween(before, Instant.now());
        assertThat(PasswordSchemes.verify(stored(ALICE).get(0).passwordHash(), json.get("password").asText())).isTrue();
    }

    @Test
    void everyAppPasswordIsNew() {
        String first = cli.run("mailbox", "app-password", "add", "alice@example.com", "one", "--json").out();
        String second = cli.run("mailbox", "app-password", "add", "alice@example.com", "two", "--json").out();

        assertThat(password(first)).isNotEqualTo(password(second));
        assertThat(stored(ALICE).get(0).passwordHash()).isNotEqualTo(stored(ALICE).get(1).passwordHash());
    }

    @Test
    void listShowsNamesAndCreationTimesButNoSecrets() throws Exception {
        String phone = password(cli.run("mailbox", "app-password", "add", "alice@example.com", "phone", "--json").out());
        cli.run("mailbox", "app-password", "add", "alice@example.com", "Laptop-2");
        List<AppPassword> stored = stored(ALICE);

        Cli.Result table = cli.run("mailbox", "app-password", "list", "alice@example.com");
        Cli.Result json = cli.run("mailbox", "app-password", "list", "alice@example.com", "--json");

        assertThat(table).isEqualTo(new Cli.Result(0, ""
                + "NAME      CREATED\n"
                + "Laptop-2  " + stored.get(0).created() + "\n"
                + "phone     " + stored.get(1).created() + "\n", ""));
        assertThat(json.exitCode()).isZero();
        assertThat(json.out()).isEqualTo("[{\"name\":\"Laptop-2\",\"created\":\"" + stored.get(0).created() + "\"},"
                + "{\"name\":\"phone\",\"created\":\"" + stored.get(1).created() + "\"}]\n");
        assertThat(table.out() + json.out()).doesNotContain(phone).doesNotContain("SSHA512");
    }

    @Test
    void listOfAMailboxWithoutAppPasswordsIsEmpty() {
        assertThat(cli.run("mailbox", "app-password", "list", "alice@example.com"))
                .isEqualTo(new Cli.Result(0, "NAME  CREATED\n", ""));
        assertThat(cli.run("mailbox", "app-password", "list", "alice@example.com", "--json"))
                .isEqualTo(new Cli.Result(0, "[]\n", ""));
    }

    @Test
    void revokeRemovesOneAppPassword() {
        cli.run("mailbox", "app-password", "add", "alice@example.com", "phone");
        cli.run("mailbox", "app-password", "add", "alice@example.com", "laptop");

        Cli.Result result = cli.run("mailbox", "app-password", "revoke", "alice@example.com", "phone");

        assertThat(result).isEqualTo(new Cli.Result(0, "app password 'phone' of alice@example.com revoked\n", ""));
        assertThat(stored(ALICE)).extracting(AppPassword::name).containsExactly("laptop");
        Cli.Result again = cli.run("mailbox", "app-password", "revoke", "alice@example.com", "phone");
        assertThat(again).isEqualTo(new Cli.Result(67, "",
                "postbox: mailbox alice@example.com has no app password named 'phone'\n"));
    }

    @Test
    void anUnknownMailboxIsNoUserAndNoPasswordIsShown() {
        for (String[] args : List.of(
                new String[] {"mailbox", "app-password", "add", "bob@example.com", "phone"},
                new String[] {"mailbox", "app-password", "list", "bob@example.com"},
                new String[] {"mailbox", "app-password", "revoke", "bob@example.com", "phone"})) {
            Cli.Result result = cli.run(args);

            assertThat(result).as(String.join(" ", args))
                    .isEqualTo(new Cli.Result(67, "", "postbox: no mailbox bob@example.com\n"));
        }
    }

    @Test
    void aTakenNameIsBadDataAndTheLimitIsOverQuota() {
        assertThat(cli.run("mailbox", "app-password", "add", "alice@example.com", "phone").exitCode()).isZero();

        Cli.Result taken = cli.run("mailbox", "app-password", "add", "alice@example.com", "phone");
        assertThat(taken).isEqualTo(new Cli.Result(65, "",
                "postbox: mailbox alice@example.com has an app password named 'phone'\n"));

        for (int i = 1; i < AppPassword.MAX_PER_MAILBOX; i++) {
            assertThat(cli.run("mailbox", "app-password", "add", "alice@example.com", "device-" + i).exitCode()).isZero();
        }
        Cli.Result full = cli.run("mailbox", "app-password", "add", "alice@example.com", "one-more");
        assertThat(full.exitCode()).isEqualTo(73);
        assertThat(full.out()).isEmpty();
        assertThat(full.err()).isEqualTo("postbox: mailbox alice@example.com has 20 app passwords, the most it may have "
                + "(20); revoke one first\n");
    }

    @Test
    void typosAreUsageErrors() {
        Cli.Result badName = cli.run("mailbox", "app-password", "add", "alice@example.com", "my phone");
        assertThat(badName).isEqualTo(new Cli.Result(64, "",
                "postbox: invalid app password name 'my phone': use 1 to 64 letters, digits, '.', '_' or '-'\n"));

        Cli.Result badAddress = cli.run("mailbox", "app-password", "list", "alice");
        assertThat(badAddress).isEqualTo(new Cli.Result(64, "",
                "postbox: invalid address 'alice': expected local@domain\n"));

        Cli.Result missingName = cli.run("mailbox", "app-password", "add", "alice@example.com");
        assertThat(missingName.exitCode()).isEqualTo(64);
        assertThat(missingName.err()).startsWith("postbox: Missing required parameter: 'NAME'")
                .contains("Usage: postbox mailbox app-password add");

        Cli.Result unknown = cli.run("mailbox", "app-password", "remove", "alice@example.com", "phone");
        assertThat(unknown.exitCode()).isEqualTo(64);
        assertThat(unknown.err()).contains("'remove'").contains("Usage: postbox mailbox app-password");

        Cli.Result missing = cli.run("mailbox", "app-password");
        assertThat(missing.exitCode()).isEqualTo(64);
        assertThat(missing.err()).startsWith("postbox: missing command: use add, list or revoke");

        assertThat(stored(ALICE)).isEmpty();
    }

    @Test
    void theHelpExplainsWhatAnAppPasswordIsFor() {
        Cli.Result group = cli.run("mailbox", "app-password", "--help");
        Cli.Result add = cli.run("help", "mailbox", "app-password", "add");

        assertThat(group.exitCode()).isZero();
        assertThat(group.out()).startsWith("Usage: postbox mailbox app-password")
                .contains("USER/PASS, AUTH PLAIN, AUTH LOGIN", "at most 20 app passwords", "add", "list", "revoke");
        assertThat(add.out()).startsWith("Usage: postbox mailbox app-password add")
                .contains("ADDRESS", "NAME", "--json", "prints it, once", "{SSHA512}", "Exit status:");
    }

    private static String password(String json) {
        try {
            return new ObjectMapper().readTree(json).get("password").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError(json, e);
        }
    }
}
