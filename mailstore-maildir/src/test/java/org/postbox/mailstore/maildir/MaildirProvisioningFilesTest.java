package org.postbox.mailstore.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.AdminScope;
import org.postbox.mailstore.AdminToken;
import org.postbox.mailstore.Alias;
import org.postbox.mailstore.AliasName;
import org.postbox.mailstore.AlreadyExistsException;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.Mailbox;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageSource;

/**
 * The files behind aliases, admin tokens, POP3 access, last login and rename, as the store writes
 * them and as an administrator or Dovecot finds them.
 */
class MaildirProvisioningFilesTest {

    private static final MailboxAddress ALICE = MailboxAddress.parse("alice@example.org");
    private static final MailboxAddress BOB = MailboxAddress.parse("bob@example.org");
    private static final byte[] MAIL = "Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path baseDir;

    private MailStore store;

    private MailStore open() {
        return new MaildirStore(MaildirSettings.parse(Map.of("path", "mail", "passwd-file", "etc/passwd", "fsync", false),
                baseDir));
    }

    private Path etc(String name) {
        return baseDir.resolve("etc").resolve(name);
    }

    private Path mailboxDirectory(MailboxAddress address) {
        return baseDir.resolve("mail").resolve(address.domain()).resolve(address.localPart());
    }

    @BeforeEach
    void mailboxes() {
        store = open();
        store.directory().addDomain("example.org");
        store.directory().addMailbox(ALICE, "{PLAIN}alice");
        store.directory().addMailbox(BOB, "{PLAIN}bob");
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aliasesAreOneLineEachBesideAnUntouchedPasswdFile() throws Exception {
        byte[] passwdBefore = Files.readAllBytes(etc("passwd"));

        store.directory().setAlias(new Alias(AliasName.parse("sales@example.org"), List.of(ALICE, BOB)));
        store.directory().setAlias(new Alias(AliasName.catchAll("example.org"), List.of(BOB)));
        store.directory().setAlias(new Alias(AliasName.parse("sales@example.org"), List.of(BOB)));

        assertThat(Files.readAllLines(etc("passwd.aliases"))).containsExactly(
                AliasEntries.HEADER,
                "sales@example.org: bob@example.org",
                "@example.org: bob@example.org");
        assertThat(Files.readAllBytes(etc("passwd"))).isEqualTo(passwdBefore);
        assertThat(Files.getPosixFilePermissions(etc("passwd.aliases")))
                .isEqualTo(Files.getPosixFilePermissions(etc("passwd")));
    }

    @Test
    void aHandEditedAliasFileIsReadAndItsOtherLinesKept() throws Exception {
        Files.writeString(etc("passwd.aliases"), """
                # our aliases
                info@example.org:alice@example.org,bob@example.org
                broken line
                team@example.org: nobody-valid@
                """, StandardCharsets.ISO_8859_1);

        assertThat(store.directory().resolve(MailboxAddress.parse("info@example.org"))).containsExactly(ALICE, BOB);
        assertThat(store.deliver(List.of(MailboxAddress.parse("info@example.org")), MessageSource.of(MAIL)))
                .singleElement().isInstanceOf(DeliveryOutcome.Delivered.class);

        store.directory().removeAlias(AliasName.parse("info@example.org"));

        assertThat(Files.readAllLines(etc("passwd.aliases")))
                .containsExactly("# our aliases", "broken line", "team@example.org: nobody-valid@");
    }

    @Test
    void adminTokensAreKeptOwnerOnlyWhateverThePasswdFileAllows() throws Exception {
        Files.setPosixFilePermissions(etc("passwd"), PosixFilePermissions.fromString("rw-r--r--"));
        AdminToken panel = new AdminToken("panel", AdminScope.WRITE, "sha256:abc", Instant.parse("2026-02-03T04:05:06Z"));

        store.adminTokens().add(panel);

        assertThat(Files.getPosixFilePermissions(etc("passwd.admin-tokens")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readAllLines(etc("passwd.admin-tokens"))).containsExactly(
                AdminTokenEntries.HEADER, "panel WRITE 2026-02-03T04:05:06Z sha256:abc");
        Files.setPosixFilePermissions(etc("passwd.admin-tokens"), PosixFilePermissions.fromString("rw-rw-r--"));
        store.adminTokens().add(new AdminToken("monitor", AdminScope.READ, "sha256:def", Instant.EPOCH));
        assertThat(Files.getPosixFilePermissions(etc("passwd.admin-tokens")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (MailStore other = open()) {
            assertThat(other.adminTokens().bySecretHash("sha256:abc")).contains(panel);
        }
    }

    @Test
    void aSecretHashThatWouldNotStayOneFieldIsRefused() {
        assertThatThrownBy(() -> store.adminTokens().add(
                new AdminToken("panel", AdminScope.READ, "two words", Instant.EPOCH)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.adminTokens().list()).isEmpty();
    }

    @Test
    void pop3AccessIsAnExtraFieldDovecotIgnoresAndADomainSetting() throws Exception {
        store.directory().setMailboxPop3Enabled(ALICE, false);
        store.directory().setMailboxSuspended(ALICE, true);
        store.directory().setDomainPop3Enabled("example.org", false);

        assertThat(Files.readAllLines(etc("passwd"))).containsExactly(
                "alice@example.org:{PLAIN}alice::::::postbox_pop3=no nologin",
                "bob@example.org:{PLAIN}bob::::::");
        assertThat(Files.readString(baseDir.resolve("mail/example.org/.postbox-domain.conf"))).contains("pop3=false\n");

        store.directory().setMailboxPop3Enabled(ALICE, true);
        assertThat(Files.readAllLines(etc("passwd")).get(0)).isEqualTo("alice@example.org:{PLAIN}alice::::::nologin");
    }

    @Test
    void aDomainSettingsFileOfAnEarlierVersionAllowsPop3() throws Exception {
        Files.writeString(baseDir.resolve("mail/example.org/.postbox-domain.conf"), "storage-octets=0\nsuspended=false\n");

        assertThat(store.directory().account(ALICE).orElseThrow().pop3Enabled()).isTrue();
    }

    @Test
    void theLastLoginIsTheTimeOfAFileBesideTheMaildir() throws Exception {
        Instant login = Instant.parse("2026-01-02T03:04:05Z");

        store.directory().recordLogin(ALICE, login);

        Path file = mailboxDirectory(ALICE).resolve("postbox-last-login");
        assertThat(Files.size(file)).isZero();
        assertThat(Files.getLastModifiedTime(file).toInstant()).isEqualTo(login);
        assertThat(store.directory().mailboxes(Optional.empty())).extracting(Mailbox::lastLogin)
                .containsExactly(Optional.of(login), Optional.empty());
    }

    @Test
    void aRenameCutShortAfterMovingTheDirectoryIsCompletedByRunningItAgain() throws Exception {
        String id = deliverTo(ALICE);
        MailboxAddress alicia = MailboxAddress.parse("alicia@example.org");
        // As a crash right after step 2 leaves it: the directory moved, the passwd-file not yet.
        Files.move(mailboxDirectory(ALICE), mailboxDirectory(alicia));

        store.directory().renameMailbox(ALICE, alicia);

        assertThat(store.directory().account(ALICE)).isEmpty();
        try (Maildrop maildrop = store.open(alicia)) {
            assertThat(maildrop.messages()).singleElement().satisfies(m -> assertThat(m.uniqueId()).isEqualTo(id));
        }
        assertThat(mailboxDirectory(ALICE)).doesNotExist();
    }

    @Test
    void aRenameOntoADirectoryHoldingMailOfNoMailboxIsRefused() throws Exception {
        deliverTo(ALICE);
        deliverTo(BOB);
        MailboxAddress stray = MailboxAddress.parse("stray@example.org");
        Files.createDirectories(mailboxDirectory(stray));
        Files.move(mailboxDirectory(BOB).resolve("Maildir"), mailboxDirectory(stray).resolve("Maildir"));

        assertThatThrownBy(() -> store.directory().renameMailbox(ALICE, stray))
                .isInstanceOf(AlreadyExistsException.class).hasMessageContaining("holds mail of no mailbox");

        assertThat(store.directory().account(ALICE)).isPresent();
        try (Maildrop maildrop = store.open(ALICE)) {
            assertThat(maildrop.messages()).hasSize(1);
        }
    }

    private String deliverTo(MailboxAddress address) {
        List<DeliveryOutcome> outcomes = store.deliver(List.of(address), MessageSource.of(MAIL));
        return ((DeliveryOutcome.Delivered) outcomes.get(0)).uniqueId();
    }
}
