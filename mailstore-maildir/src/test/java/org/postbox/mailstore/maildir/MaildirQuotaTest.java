package org.postbox.mailstore.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.postbox.mailstore.conformance.QuotaContract.size;
import static org.postbox.mailstore.conformance.QuotaContract.sized;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.DomainQuota;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageSource;
import org.postbox.mailstore.QuotaDrift;
import org.postbox.mailstore.QuotaUsage;
import org.postbox.mailstore.StoreUnavailableException;

/** Quota files as Dovecot and Courier share them, and quotas enforced across processes. */
class MaildirQuotaTest {

    @TempDir
    Path baseDir;

    private MaildirStore store;
    private final MailboxAddress alice = MailboxAddress.parse("alice@example.org");
    private final MailboxAddress bob = MailboxAddress.parse("bob@example.org");

    @BeforeEach
    void createMailboxes() {
        store = open();
        store.directory().addDomain("example.org");
        store.directory().addMailbox(alice, "{PLAIN}secret");
        store.directory().addMailbox(bob, "{PLAIN}secret");
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private MaildirStore open() {
        return new MaildirStore(MaildirSettings.parse(Map.of("path", "mail", "fsync", false), baseDir));
    }

    private Path maildir(MailboxAddress address) {
        return baseDir.resolve("mail").resolve(address.domain()).resolve(address.localPart()).resolve("Maildir");
    }

    private Path maildirsize(MailboxAddress address) {
        return maildir(address).resolve("maildirsize");
    }

    private Path passwd() {
        return baseDir.resolve("mail/passwd");
    }

    @Test
    void limitsAndSuspensionAreDovecotFieldsOfThePasswdLine() throws IOException {
        store.directory().setMailboxQuota(alice, new MailboxQuota(1L << 20, 100));
        store.directory().setMailboxSuspended(bob, true);

        assertThat(Files.readAllLines(passwd(), StandardCharsets.ISO_8859_1)).containsExactly(
                "alice@example.org:{PLAIN}secret::::::userdb_quota_rule=*:bytes=1048576:messages=100",
                "bob@example.org:{PLAIN}secret::::::nologin");

        store.directory().setMailboxQuota(alice, MailboxQuota.UNLIMITED);
        store.directory().setMailboxSuspended(bob, false);

        assertThat(Files.readAllLines(passwd(), StandardCharsets.ISO_8859_1)).containsExactly(
                "alice@example.org:{PLAIN}secret::::::", "bob@example.org:{PLAIN}secret::::::");
    }

    @Test
    void limitsAndSuspensionWrittenByAnAdministratorCount() throws IOException {
        Files.writeString(passwd(), "alice@example.org:{PLAIN}secret:::::: userdb_quota_rule=*:storage=1M\n"
                + "bob@example.org:{PLAIN}secret::::::nologin reason=unpaid\n", StandardCharsets.ISO_8859_1);

        assertThat(store.directory().mailboxQuota(alice).limit()).isEqualTo(new MailboxQuota(1L << 20, 0));
        assertThat(store.directory().account(bob)).hasValueSatisfying(account -> assertThat(account.suspended()).isTrue());
        assertThat(store.deliver(List.of(bob), MessageSource.of(sized(1)))).containsExactly(new DeliveryOutcome.Suspended());
    }

    @Test
    void maildirsizeCarriesTheLimitsAndOneLinePerChange() throws IOException {
        store.directory().setMailboxQuota(alice, new MailboxQuota(1L << 20, 100));
        deliver(alice, 1);
        deliver(alice, 2);
        try (Maildrop maildrop = store.open(alice)) {
            BitSet first = new BitSet();
            first.set(1);
            maildrop.commit(first);
        }

        List<String> lines = Files.readAllLines(maildirsize(alice), StandardCharsets.US_ASCII);
        assertThat(lines.get(0)).isEqualTo("1048576S,100C");
        assertThat(lines.subList(1, lines.size())).containsExactly("0 0", size() + " 1", size() + " 1", -size() + " -1");
    }

    @Test
    void changesAppendedByAnotherAgentCountForTheMailboxAndItsDomain() throws IOException {
        deliver(alice, 1);
        deliver(alice, 2);
        deliver(bob, 3);
        // What Dovecot does when an IMAP client expunges one: unlink, then append the change.
        Path file;
        try (var files = Files.list(maildir(alice).resolve("new"))) {
            file = files.sorted().findFirst().orElseThrow();
        }
        Files.delete(file);
        Files.writeString(maildirsize(alice), -size() + " -1\n", StandardCharsets.US_ASCII,
                java.nio.file.StandardOpenOption.APPEND);

        assertThat(store.directory().mailboxQuota(alice).usage()).isEqualTo(new QuotaUsage(size(), 1));
        assertThat(store.directory().domainQuota("example.org").usage()).isEqualTo(new QuotaUsage(2 * size(), 2));
        assertThat(store.directory().recalculateQuota(Optional.empty())).isEmpty();
    }

    @Test
    void aDeletionCutShortByACrashLeavesUsageThatTheNextReaderCounts() throws IOException {
        deliver(alice, 1);
        deliver(alice, 2);
        deliver(alice, 3);
        MaildirQuotas quotas = new MaildirQuotas(new MaildirLayout(baseDir.resolve("mail").toRealPath()),
                new PasswdFile(passwd(), new Durability(false)));
        Path first;
        try (var files = Files.list(maildir(alice).resolve("new"))) {
            first = files.sorted().findFirst().orElseThrow();
        }

        // kill -9 after the first unlink of an UPDATE: nothing after it runs, no lock is kept.
        assertThatThrownBy(() -> quotas.release(alice, () -> {
            Files.delete(first);
            throw new Killed();
        })).isInstanceOf(Killed.class);

        assertThat(store.directory().mailboxQuota(alice).usage()).isEqualTo(new QuotaUsage(2 * size(), 2));
        assertThat(store.directory().domainQuota("example.org").usage()).isEqualTo(new QuotaUsage(2 * size(), 2));
        assertThat(store.directory().recalculateQuota(Optional.empty())).isEmpty();
    }

    /** The end of a process, as far as the code it was running can tell. */
    private static final class Killed extends Error {
    }

    @Test
    void aMaildirsizeGrownTooLongIsRebuiltFromTheMessages() throws IOException {
        deliver(alice, 1);
        String header = Files.readAllLines(maildirsize(alice), StandardCharsets.US_ASCII).get(0);
        Files.writeString(maildirsize(alice), header + "\n" + "1 1\n".repeat(2000), StandardCharsets.US_ASCII);

        assertThat(store.directory().mailboxQuota(alice).usage()).isEqualTo(new QuotaUsage(size(), 1));
        assertThat(Files.readString(maildirsize(alice))).isEqualTo("0S\n" + size() + " 1\n");
    }

    @Test
    void anOverQuotaReadingIsBelievedWhileFreshAndRebuiltOnceStale() throws IOException {
        store.directory().setMailboxQuota(alice, new MailboxQuota(0, 3));
        deliver(alice, 1);
        // Another agent's summary says the mailbox is over its limit.
        Files.writeString(maildirsize(alice), "3C\n" + 50 * size() + " 50\n", StandardCharsets.US_ASCII);

        assertThat(store.deliver(List.of(alice), MessageSource.of(sized(2))))
                .singleElement().isInstanceOf(DeliveryOutcome.OverQuota.class);

        Files.setLastModifiedTime(maildirsize(alice), FileTime.from(Instant.now().minus(Duration.ofMinutes(16))));
        deliver(alice, 2);
        assertThat(store.directory().mailboxQuota(alice).usage()).isEqualTo(new QuotaUsage(2 * size(), 2));
    }

    @Test
    void aChangedLimitRewritesTheLimitsLine() throws IOException {
        deliver(alice, 1);
        assertThat(Files.readAllLines(maildirsize(alice), StandardCharsets.US_ASCII).get(0)).isEqualTo("0S");

        store.directory().setMailboxQuota(alice, new MailboxQuota(4096, 0));
        deliver(alice, 2);

        assertThat(Files.readAllLines(maildirsize(alice), StandardCharsets.US_ASCII))
                .containsExactly("4096S", size() + " 1", size() + " 1");
    }

    @Test
    void mailInOtherFoldersCountsAsDovecotCountsIt() throws IOException {
        deliver(alice, 1);
        Path sent = Files.createDirectories(maildir(alice).resolve(".Sent/cur"));
        Files.write(sent.resolve("1700000000.M1P1.host,S=1000:2,S"), new byte[10]);
        Files.write(sent.resolve("1700000001.M1P1.host:2,S"), new byte[300]);

        List<QuotaDrift> drifts = store.directory().recalculateQuota(Optional.of("example.org"));

        assertThat(drifts).contains(QuotaDrift.ofMailbox(alice, new QuotaUsage(size(), 1), new QuotaUsage(size() + 1300, 3)));
        assertThat(store.directory().domainQuota("example.org").usage()).isEqualTo(new QuotaUsage(size() + 1300, 3));
        try (Maildrop maildrop = store.open(alice)) {
            assertThat(maildrop.messages()).hasSize(1);
        }
    }

    @Test
    void aLostDomainTotalIsCountedAgainFromItsMailboxes() throws IOException {
        deliver(alice, 1);
        deliver(bob, 2);
        Files.delete(baseDir.resolve("mail/example.org/.postbox-domainsize"));

        assertThat(store.directory().domainQuota("example.org").usage()).isEqualTo(new QuotaUsage(2 * size(), 2));
        deliver(bob, 3);
        assertThat(store.directory().domainQuota("example.org").usage()).isEqualTo(new QuotaUsage(3 * size(), 3));
    }

    @Test
    void domainSettingsAreASmallFileBesideTheMailboxes() throws IOException {
        store.directory().setDomainQuota("example.org", new DomainQuota(1L << 30, 20));
        store.directory().setDomainSuspended("example.org", true);

        assertThat(Files.readAllLines(baseDir.resolve("mail/example.org/.postbox-domain.conf")))
                .contains("storage-octets=1073741824", "max-mailboxes=20", "suspended=true");
        assertThat(store.directory().domains()).extracting(d -> d.name()).containsExactly("example.org");
    }

    @Test
    void aDamagedDomainSettingsFileDefersDeliveryAndNamesTheLine() throws IOException {
        Files.writeString(baseDir.resolve("mail/example.org/.postbox-domain.conf"), "storage-octets=lots\n");

        assertThat(store.deliver(List.of(alice), MessageSource.of(sized(1))))
                .singleElement().isInstanceOf(DeliveryOutcome.TemporaryFailure.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.directory().domainQuota("example.org"))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining(".postbox-domain.conf, line 1");
    }

    /** Three processes deliver into one mailbox with room for exactly K messages: K land. */
    @Test
    void processesDeliveringTogetherNeverPassTheLimit() throws Exception {
        int room = 9;
        int perProcess = 8;
        store.directory().setMailboxQuota(alice, new MailboxQuota(room * size(), 0));
        List<Process> children = new ArrayList<>();
        List<BufferedReader> outputs = new ArrayList<>();
        try {
            for (int child = 0; child < 2; child++) {
                Process process = new ProcessBuilder(javaExecutable(), "-Xmx64m", "-XX:TieredStopAtLevel=1",
                        "-cp", System.getProperty("java.class.path"), QuotaDeliveryMain.class.getName(),
                        baseDir.toString(), alice.toString(), Integer.toString(100 * (child + 1)),
                        Integer.toString(perProcess))
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
                children.add(process);
                BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
                outputs.add(output);
                assertThat(output.readLine()).isEqualTo("READY");
            }
            for (Process child : children) {
                child.getOutputStream().write('\n');
                child.getOutputStream().flush();
            }
            CompletableFuture<Integer> here = CompletableFuture.supplyAsync(() -> {
                int delivered = 0;
                for (int n = 0; n < perProcess; n++) {
                    if (store.deliver(List.of(alice), MessageSource.of(sized(n))).get(0) instanceof DeliveryOutcome.Delivered) {
                        delivered++;
                    }
                }
                return delivered;
            });
            int delivered = here.get(60, TimeUnit.SECONDS);
            for (BufferedReader output : outputs) {
                String line = output.readLine();
                assertThat(line).startsWith("DELIVERED ");
                delivered += Integer.parseInt(line.substring("DELIVERED ".length()));
            }
            for (Process child : children) {
                assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }

            assertThat(delivered).isEqualTo(room);
            try (Maildrop maildrop = store.open(alice)) {
                assertThat(maildrop.messages()).hasSize(room);
            }
            assertThat(store.directory().mailboxQuota(alice).usage()).isEqualTo(new QuotaUsage(room * size(), room));
            assertThat(store.directory().recalculateQuota(Optional.empty())).isEmpty();
        } finally {
            children.forEach(Process::destroyForcibly);
        }
    }

    private void deliver(MailboxAddress to, int n) {
        assertThat(store.deliver(List.of(to), MessageSource.of(sized(n))))
                .singleElement().isInstanceOf(DeliveryOutcome.Delivered.class);
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
