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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.Account;
import org.postbox.mailstore.Domain;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;

/** The installation's passwd-file as Dovecot and an administrator's editor leave it. */
class PasswdFileTest {

    private static final String FOREIGN = String.join("\n",
            "# Postbox accounts; Dovecot reads this file too (passdb + userdb passwd-file)",
            "",
            "Carol@Example.ORG:{SHA512-CRYPT}$6$salt$carol:1000:1000:Carol Caf\u00e9:/home/carol::userdb_quota_rule=*:storage=1G",
            "root:{PLAIN}not-a-mailbox::::::",
            "dave@example.org:{PLAIN}dave::::::",
            "broken line without fields",
            "erin@example.org:{PLAIN}erin\r",
            "") ;

    @TempDir
    Path baseDir;

    private MailStore open() {
        return new MaildirStore(MaildirSettings.parse(Map.of("path", "mail", "passwd-file", "etc/passwd"), baseDir));
    }

    private Path passwd() {
        return baseDir.resolve("etc/passwd");
    }

    @Test
    void linesOfOtherProgramsSurviveEveryChange() throws Exception {
        Files.createDirectories(passwd().getParent());
        Files.write(passwd(), FOREIGN.getBytes(StandardCharsets.ISO_8859_1));
        MailboxAddress carol = MailboxAddress.parse("carol@example.org");
        MailboxAddress dave = MailboxAddress.parse("dave@example.org");
        MailboxAddress erin = MailboxAddress.parse("erin@example.org");
        MailboxAddress frank = MailboxAddress.parse("frank@example.org");

        try (MailStore store = open()) {
            assertThat(store.directory().account(carol)).contains(new Account(carol, "{SHA512-CRYPT}$6$salt$carol"));
            assertThat(store.directory().account(erin)).map(Account::passwordHash).contains("{PLAIN}erin");
            assertThat(store.directory().domains()).containsExactly(new Domain("example.org", 3, 0, false, true));

            store.directory().addMailbox(frank, "{PLAIN}frank");
            store.directory().setPasswordHash(carol, "{ARGON2ID}new");
            store.directory().removeMailbox(dave);
        }

        assertThat(Files.readString(passwd(), StandardCharsets.ISO_8859_1)).isEqualTo(String.join("\n",
                "# Postbox accounts; Dovecot reads this file too (passdb + userdb passwd-file)",
                "",
                "Carol@Example.ORG:{ARGON2ID}new:1000:1000:Carol Caf\u00e9:/home/carol::userdb_quota_rule=*:storage=1G",
                "root:{PLAIN}not-a-mailbox::::::",
                "broken line without fields",
                "erin@example.org:{PLAIN}erin\r",
                "frank@example.org:{PLAIN}frank::::::",
                ""));
    }

    @Test
    void theFirstLineOfAnAddressCountsAndChangesApplyToAll() throws Exception {
        Files.createDirectories(passwd().getParent());
        Files.writeString(passwd(), "a@example.org:{PLAIN}first\nA@example.org:{PLAIN}second\n");
        MailboxAddress a = MailboxAddress.parse("a@example.org");

        try (MailStore store = open()) {
            assertThat(store.directory().account(a)).map(Account::passwordHash).contains("{PLAIN}first");
            store.directory().setPasswordHash(a, "{PLAIN}third");
            assertThat(Files.readString(passwd())).isEqualTo("a@example.org:{PLAIN}third\nA@example.org:{PLAIN}third\n");
            store.directory().removeMailbox(a);
            assertThat(store.directory().account(a)).isEmpty();
        }
        assertThat(Files.readString(passwd())).isEmpty();
    }

    @Test
    void aNewFileIsPrivateToOwnerAndGroupAndAnExistingModeIsKept() throws Exception {
        try (MailStore store = open()) {
            store.directory().addDomain("example.org");
            store.directory().addMailbox(MailboxAddress.parse("a@example.org"), "{PLAIN}a");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwd()))).isEqualTo("rw-r-----");

            Files.setPosixFilePermissions(passwd(), PosixFilePermissions.fromString("rw-------"));
            store.directory().addMailbox(MailboxAddress.parse("b@example.org"), "{PLAIN}b");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwd()))).isEqualTo("rw-------");
        }
        assertThat(Files.readString(passwd())).isEqualTo("a@example.org:{PLAIN}a::::::\nb@example.org:{PLAIN}b::::::\n");
    }

    @Test
    void hashesThatWouldBreakTheFileAreRefused() {
        try (MailStore store = open()) {
            store.directory().addDomain("example.org");
            MailboxAddress a = MailboxAddress.parse("a@example.org");

            assertThatThrownBy(() -> store.directory().addMailbox(a, "{PLAIN}with:colon"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("':'");
            assertThatThrownBy(() -> store.directory().addMailbox(a, "{PLAIN}two\nlines"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.directory().addMailbox(a, ""))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(store.directory().account(a)).isEmpty();
        }
    }

    /** An administrator edits the file by hand (same size, same second): the daemon sees it at its next lookup. */
    @Test
    void editsByOtherProgramsAreSeenAtOnce() throws Exception {
        try (MailStore store = open()) {
            store.directory().addDomain("example.org");
            MailboxAddress a = MailboxAddress.parse("a@example.org");
            store.directory().addMailbox(a, "{PLAIN}aaaa");
            assertThat(store.directory().account(a)).map(Account::passwordHash).contains("{PLAIN}aaaa");

            Files.writeString(passwd(), "a@example.org:{PLAIN}bbbb::::::\n");
            assertThat(store.directory().account(a)).map(Account::passwordHash).contains("{PLAIN}bbbb");

            Files.writeString(passwd(), "a@example.org:{PLAIN}cccc::::::\n");
            assertThat(store.directory().account(a)).map(Account::passwordHash).contains("{PLAIN}cccc");

            Files.delete(passwd());
            assertThat(store.directory().account(a)).isEmpty();
        }
    }

    /**
     * On a file system with one-second timestamps a rewrite of the same size in the same second
     * leaves mtime and size as they were (and the inode, when edited in place); it is still seen.
     */
    @Test
    void aRewriteWithinTheTimestampGranularityIsSeen() throws Exception {
        FileTime thisSecond = FileTime.from(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        try (MailStore store = open()) {
            store.directory().addDomain("example.org");
            MailboxAddress a = MailboxAddress.parse("a@example.org");
            store.directory().addMailbox(a, "{PLAIN}aaaa");
            Files.setLastModifiedTime(passwd(), thisSecond);
            assertThat(store.directory().account(a)).map(Account::passwordHash).contains("{PLAIN}aaaa");

            Files.writeString(passwd(), "a@example.org:{PLAIN}bbbb::::::\n");
            Files.setLastModifiedTime(passwd(), thisSecond);

            assertThat(store.directory().account(a)).map(Account::passwordHash).contains("{PLAIN}bbbb");
        }
    }

    @Test
    void concurrentWritersThroughTwoStoresLoseNoLine() throws Exception {
        int threads = 8;
        int perThread = 15;
        try (MailStore first = open(); MailStore second = open()) {
            first.directory().addDomain("example.org");
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    MailStore store = t % 2 == 0 ? first : second;
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < perThread; i++) {
                            MailboxAddress address = MailboxAddress.parse("u" + thread + "-" + i + "@example.org");
                            store.directory().addMailbox(address, "{PLAIN}p" + i);
                            store.directory().setPasswordHash(address, "{PLAIN}changed" + i);
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> future : futures) {
                    future.get(120, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }

            assertThat(first.directory().mailboxes(Optional.empty())).hasSize(threads * perThread);
            assertThat(second.directory().account(MailboxAddress.parse("u7-14@example.org")))
                    .map(Account::passwordHash).contains("{PLAIN}changed14");
        }
        assertThat(Files.readAllLines(passwd())).hasSize(threads * perThread);
        try (Stream<Path> files = Files.list(passwd().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("no temporary files left").containsExactlyInAnyOrder("passwd", ".passwd.lock");
        }
    }
}
