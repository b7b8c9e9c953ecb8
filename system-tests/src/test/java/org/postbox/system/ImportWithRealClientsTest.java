package org.postbox.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postbox.mailstore.jpa.testing.PostgresExtension;

/**
 * Issue 12's proof: a provider moves from Dovecot (or Courier) to Postbox, and users who keep
 * their mail on the server download nothing twice. fetchmail, mpop, getmail and a poplib script,
 * each with "leave on server" and its own UIDL state, poll the old server; then {@code postbox
 * import} takes the old server's tree, {@code postboxd} takes its place on the same address and
 * port, and the same clients with the same state poll again: they must fetch nothing, then exactly
 * the one new message each mailbox gets, then nothing. Everything is the real thing: Debian's
 * Dovecot and clients, the assembled distribution's scripts, PostgreSQL for the jpa store.
 */
class ImportWithRealClientsTest {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private static final List<SourceMailbox> MAILBOXES = SourceMailbox.provider();
    private static final List<Account> ACCOUNTS = MAILBOXES.stream().map(SourceMailbox::account).toList();
    /** alice's quota on Dovecot, as a userdb extra field: 1 GiB (Dovecot's G is 1024^3). */
    private static final long DOVECOT_QUOTA_OCTETS = 1L << 30;

    // Kept when a test fails: the servers' and clients' logs and state are what explains it.
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private final PostboxDistribution distribution = PostboxDistribution.assembled();
    private final MailUser mailUser = MailUser.forThisRun();

    @ParameterizedTest(name = "into the {0} store")
    @EnumSource(StoreBackend.class)
    void fromDovecotNoMessageIsFetchedTwice(StoreBackend backend) {
        MailUser.openToAll(dir);
        int pop3Port = Loopback.freePort();
        int lmtpPort = Loopback.freePort();
        Path passwd = writeDovecotPasswdFile(dir.resolve("source"));
        Path mailRoot = dir.resolve("source").resolve("mail");
        ClientFleet clients = new ClientFleet(PopClient.all(dir.resolve("clients"), pop3Port, ACCOUNTS, mailUser), ACCOUNTS);

        Map<String, List<String>> dovecotListing;
        try (DovecotInstance dovecot = DovecotInstance.start(dir.resolve("dovecot"), passwd, mailRoot, mailUser, pop3Port,
                lmtpPort)) {
            try (LmtpClient lmtp = LmtpClient.connect(dovecot.lmtpPort())) {
                for (SourceMailbox mailbox : MAILBOXES) {
                    for (int n = 1; n <= mailbox.messages(); n++) {
                        lmtp.deliver(mailbox.account().address(), TestMessages.beforeTheMove(mailbox.account(), n));
                    }
                }
            }
            clients.expectEachFetches(messagesBeforeTheMove(), "from Dovecot, first poll");
            clients.expectEachFetches(clients.each(0), "from Dovecot, second poll");
            dovecotListing = Pop3Listing.of(pop3Port, ACCOUNTS);

            // The Courier test's method, checked against a real server: client state written by
            // the test from the UIDLs alone must make each client fetch nothing either.
            ClientFleet seeded = new ClientFleet(PopClient.all(dir.resolve("seeded-clients"), pop3Port, ACCOUNTS, mailUser),
                    ACCOUNTS);
            seeded.rememberFetched(Pop3Listing.uidls(dovecotListing, ACCOUNTS));
            seeded.expectEachFetches(seeded.each(0), "from Dovecot, with client state written by the test");
        }

        Path config = moveToPostbox(backend, pop3Port, lmtpPort, List.of("import", "dovecot",
                "--passwd-file", passwd.toString(), "--mail-root", mailRoot.toString()), dovecotListing, clients);
        assertThat(quota(config, ACCOUNTS.get(0))).as("alice's quota from her userdb_quota_rule")
                .contains("\"maxOctets\":" + DOVECOT_QUOTA_OCTETS);
    }

    @ParameterizedTest(name = "into the {0} store")
    @EnumSource(StoreBackend.class)
    void fromCourierNoMessageIsFetchedTwice(StoreBackend backend) {
        MailUser.openToAll(dir);
        int pop3Port = Loopback.freePort();
        int lmtpPort = Loopback.freePort();
        CourierTree courier = CourierTree.write(dir.resolve("source"), MAILBOXES, dir.resolve("logs"));
        ClientFleet clients = new ClientFleet(PopClient.all(dir.resolve("clients"), pop3Port, ACCOUNTS, mailUser), ACCOUNTS);
        // No Courier server runs here: each client's state is written as the client itself writes
        // it after fetching everything Courier lists (same server address, port and users).
        clients.rememberFetched(courier.uidls());

        Path config = moveToPostbox(backend, pop3Port, lmtpPort, List.of("import", "courier",
                "--userdb", courier.userdb().toString(), "--mail-root", courier.mailRoot().toString()), courier.listing(), clients);
        assertThat(quota(config, ACCOUNTS.get(0))).as("alice's quota from her userdb entry and maildirsize")
                .contains("\"maxMessages\":1000").contains("\"maxOctets\":100000000");
    }

    /**
     * The move and what the clients see after it: {@code bin/postbox} imports with
     * {@code importArguments}; {@code bin/postboxd} serves POP3 and LMTP on the old server's ports
     * and lists every mailbox exactly as the old server did; the clients fetch nothing, then the
     * one new message each, then nothing. Returns the configuration file.
     */
    private Path moveToPostbox(StoreBackend backend, int pop3Port, int lmtpPort, List<String> importArguments,
                               Map<String, List<String>> oldListing, ClientFleet clients) {
        Path home = dir.resolve("postbox");
        Path logs = home.resolve("logs");
        Path config = PostboxConfigFile.write(home.resolve("postbox.yaml"), pop3Port, lmtpPort, home.resolve("spool"),
                backend.storeSection(home, POSTGRES::createDatabase));

        ChildProcess.Finished imported = distribution.postbox(config, logs, "postbox-import", importArguments);
        assertThat(imported.exitCode()).as("postbox %s\n%s", String.join(" ", importArguments), imported.describe()).isZero();

        try (PostboxDaemon postbox = distribution.startDaemon(config, logs, pop3Port, lmtpPort)) {
            assertThat(Pop3Listing.of(pop3Port, ACCOUNTS))
                    .as("Postbox's UIDL and LIST answers (number, UIDL, size) against the old server's").isEqualTo(oldListing);
            clients.expectEachFetches(clients.each(0), "from Postbox, first poll after the move");

            try (LmtpClient lmtp = LmtpClient.connect(postbox.lmtpPort())) {
                for (Account account : ACCOUNTS) {
                    lmtp.deliver(account.address(), TestMessages.afterTheMove(account));
                }
            }
            ClientFleet.expectOnlyTheNewMessage(clients.expectEachFetches(clients.each(1),
                    "from Postbox, after one new message for each mailbox"));
            clients.expectEachFetches(clients.each(0), "from Postbox, polled once more");
        }
        return config;
    }

    private Map<String, Integer> messagesBeforeTheMove() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        MAILBOXES.forEach(mailbox -> counts.put(mailbox.account().address(), mailbox.messages()));
        return counts;
    }

    /** A Dovecot passwd-file with a hash of each password in its mailbox's scheme, made by doveadm; alice has a quota. */
    private Path writeDovecotPasswdFile(Path directory) {
        StringBuilder passwd = new StringBuilder("# accounts of the provider before the move\n");
        for (SourceMailbox mailbox : MAILBOXES) {
            passwd.append(mailbox.account().address()).append(':')
                    .append(Doveadm.hash(mailbox.scheme(), mailbox.account().password(), dir.resolve("logs")))
                    .append("::::::")
                    .append(mailbox == MAILBOXES.get(0) ? "userdb_quota_rule=*:storage=1G" : "").append('\n');
        }
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve("passwd");
            Files.writeString(file, passwd);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code postbox quota show ADDRESS --json}. */
    private String quota(Path config, Account account) {
        ChildProcess.Finished shown = distribution.postbox(config, dir.resolve("postbox").resolve("logs"), "postbox-quota",
                List.of("quota", "show", account.address(), "--json"));
        assertThat(shown.exitCode()).as(shown.describe()).isZero();
        return shown.out().replace(" ", "");
    }
}
