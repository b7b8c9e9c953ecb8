package org.postbox.mailstore.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.Account;
import org.postbox.mailstore.AppPassword;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;

/** The app-password file beside the passwd-file, as the store writes it and as an administrator may edit it. */
class AppPasswordFileTest {

    private static final MailboxAddress ALICE = MailboxAddress.parse("alice@example.org");
    private static final MailboxAddress BOB = MailboxAddress.parse("bob@example.org");

    @TempDir
    Path baseDir;

    private MailStore open() {
        return new MaildirStore(MaildirSettings.parse(Map.of("path", "mail", "passwd-file", "etc/passwd", "fsync", false),
                baseDir));
    }

    private Path passwd() {
        return baseDir.resolve("etc/passwd");
    }

    private Path appPasswords() {
        return baseDir.resolve("etc/passwd.app-passwords");
    }

    @BeforeEach
    void mailboxes() {
        try (MailStore store = open()) {
            store.directory().addDomain("example.org");
            store.directory().addMailbox(ALICE, "{PLAIN}alice");
            store.directory().addMailbox(BOB, "{PLAIN}bob");
        }
    }

    @Test
    void oneLinePerAppPasswordBesideAnUntouchedPasswdFile() throws Exception {
        byte[] passwdBefore = Files.readAllBytes(passwd());
        AppPassword phone;
        AppPassword laptop;
        try (MailStore store = open()) {
            phone = store.directory().addAppPassword(ALICE, "phone", "{SSHA512}cGhvbmU=");
            laptop = store.directory().addAppPassword(BOB, "laptop", "{SSHA512}bGFwdG9w");
            store.directory().addAppPassword(ALICE, "tablet", "{SSHA512}dGFibGV0");
            store.directory().revokeAppPassword(ALICE, "tablet");
        }

        assertThat(phone.created().getNano()).isZero();
        assertThat(Files.readString(appPasswords(), StandardCharsets.ISO_8859_1)).isEqualTo(String.join("\n",
                AppPasswordEntries.HEADER,
                "alice@example.org:phone:{SSHA512}cGhvbmU=:" + phone.created(),
                "bob@example.org:laptop:{SSHA512}bGFwdG9w:" + laptop.created(),
                ""));
        assertThat(Files.readAllBytes(passwd())).as("Dovecot's file is not touched").isEqualTo(passwdBefore);
    }

    @Test
    void aNewFileTakesTheModeOfThePasswdFileAndARewriteKeepsItsOwn() throws Exception {
        Files.setPosixFilePermissions(passwd(), PosixFilePermissions.fromString("rw-------"));
        try (MailStore store = open()) {
            store.directory().addAppPassword(ALICE, "phone", "{SSHA512}cGhvbmU=");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(appPasswords()))).isEqualTo("rw-------");

            Files.setPosixFilePermissions(appPasswords(), PosixFilePermissions.fromString("rw-r-----"));
            store.directory().addAppPassword(ALICE, "laptop", "{SSHA512}bGFwdG9w");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(appPasswords()))).isEqualTo("rw-r-----");
        }
        try (Stream<Path> files = Files.list(passwd().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary files left")
                    .containsExactlyInAnyOrder("passwd", ".passwd.lock", "passwd.app-passwords");
        }
    }

    /** An administrator revokes by deleting a line (same size, same second): the daemon sees it at its next lookup. */
    @Test
    void editsByHandAreSeenAtOnce() throws Exception {
        FileTime thisSecond = FileTime.from(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        try (MailStore store = open()) {
            store.directory().addAppPassword(ALICE, "aaaa", "{PLAIN}1");
            Files.setLastModifiedTime(appPasswords(), thisSecond);
            assertThat(names(store, ALICE)).containsExactly("aaaa");

            Files.writeString(appPasswords(), Files.readString(appPasswords()).replace(":aaaa:", ":bbbb:"));
            Files.setLastModifiedTime(appPasswords(), thisSecond);
            assertThat(names(store, ALICE)).containsExactly("bbbb");

            Files.delete(appPasswords());
            assertThat(names(store, ALICE)).isEmpty();
            assertThat(store.directory().account(ALICE)).map(Account::passwordHash).contains("{PLAIN}alice");
        }
    }

    @Test
    void linesThatCannotBeReadAreIgnoredAndSurviveEveryChange() throws Exception {
        String foreign = String.join("\n",
                "# kept",
                "",
                "alice@example.org:old-phone:{PLAIN}x:not a time",
                "no fields at all",
                "alice@example.org:bad name:{PLAIN}x:2025-01-01T00:00:00Z",
                "alice@example.org:phone:{PLAIN}first:2025-01-01T00:00:00Z",
                "alice@example.org:phone:{PLAIN}second:2025-01-02T00:00:00Z",
                "");
        Files.writeString(appPasswords(), foreign, StandardCharsets.ISO_8859_1);

        try (MailStore store = open()) {
            assertThat(store.directory().appPasswords(ALICE)).singleElement().satisfies(app -> {
                assertThat(app.name()).isEqualTo("phone");
                assertThat(app.passwordHash()).isEqualTo("{PLAIN}first");
                assertThat(app.created()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
            });

            store.directory().addAppPassword(BOB, "laptop", "{PLAIN}y");
            assertThat(Files.readString(appPasswords(), StandardCharsets.ISO_8859_1)).startsWith(foreign);

            store.directory().revokeAppPassword(ALICE, "phone");
            assertThat(store.directory().appPasswords(ALICE)).isEmpty();
            assertThat(Files.readAllLines(appPasswords())).containsSubsequence("# kept", "",
                    "alice@example.org:old-phone:{PLAIN}x:not a time", "no fields at all",
                    "alice@example.org:bad name:{PLAIN}x:2025-01-01T00:00:00Z")
                    .noneMatch(line -> line.contains(":phone:"));
        }
    }

    @Test
    void hashesThatWouldBreakTheFileAreRefused() {
        try (MailStore store = open()) {
            assertThatThrownBy(() -> store.directory().addAppPassword(ALICE, "phone", "{PLAIN}with:colon"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("':'");
            assertThat(store.directory().appPasswords(ALICE)).isEmpty();
        }
        assertThat(appPasswords()).doesNotExist();
    }

    /** The passwd-file was edited by hand, the line of a mailbox with app passwords deleted. */
    @Test
    void aMailboxAddedAgainDoesNotInheritAppPasswordsLeftBehind() throws Exception {
        try (MailStore store = open()) {
            store.directory().addAppPassword(ALICE, "phone", "{PLAIN}x");
            store.directory().addAppPassword(BOB, "phone", "{PLAIN}y");
            Files.writeString(passwd(), "bob@example.org:{PLAIN}bob::::::\n");
            assertThat(store.directory().account(ALICE)).isEmpty();

            store.directory().addMailbox(ALICE, "{PLAIN}new alice");

            assertThat(store.directory().appPasswords(ALICE)).isEmpty();
            assertThat(store.directory().account(ALICE).orElseThrow().appPasswords()).isEmpty();
            assertThat(names(store, BOB)).containsExactly("phone");
        }
    }

    @Test
    void removingAMailboxRemovesItsLinesOnly() throws Exception {
        try (MailStore store = open()) {
            store.directory().addAppPassword(ALICE, "phone", "{PLAIN}x");
            store.directory().addAppPassword(BOB, "phone", "{PLAIN}y");

            store.directory().removeMailbox(ALICE);
        }

        assertThat(Files.readAllLines(appPasswords())).hasSize(2).last().asString().startsWith("bob@example.org:phone:");
    }

    private static List<String> names(MailStore store, MailboxAddress address) {
        return store.directory().account(address).orElseThrow().appPasswords().stream().map(AppPassword::name).toList();
    }
}
