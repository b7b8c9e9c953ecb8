package org.postbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.password.PasswordSchemes;

/**
 * {@code postbox import courier} on the Maildirs a real Courier wrote: the store answers the
 * UIDLs, sizes and order Courier's POP3 server listed, on both backends.
 */
class ImportCourierCommandTest extends OnBothBackends {
    private Path tree;

    @BeforeEach
    void setUp() throws IOException {
        tree = SourceTrees.courier(dir);
    }

    @Test
    void everyMailboxAnswersWhatCourierListedWithItsQuotaAndPasswords() {
        Cli.Result result = cli.run("import", "courier", "--userdb", tree.resolve("userdb").toString(),
                "--mail-root", tree.resolve("mail").toString());

        // Nothing is missing; what clients will notice is reported.
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(StoreView.listing(cli, "alice@example.com"))
                .isEqualTo(StoreView.expected(SourceTrees.answers(tree, "alice.2")));
        // bob's second message has the file-name UIDL of the oldest Courier versions.
        assertThat(StoreView.listing(cli, "bob@example.org"))
                .isEqualTo(StoreView.expected(SourceTrees.answers(tree, "bob.v2")));
        // carol's first has one of 85 characters, which RFC 1939 does not allow and Postbox cannot send.
        List<SourceTrees.Answer> carol = SourceTrees.answers(tree, "carol.uid0");
        List<String> uidls = StoreView.uidls(cli, "carol@example.com");
        assertThat(uidls).hasSize(2);
        assertThat(uidls.get(0)).startsWith("pbx").isNotEqualTo(carol.get(0).uidl());
        assertThat(uidls.get(1)).isEqualTo(carol.get(1).uidl());
        assertThat(result.out()).contains("Will be fetched again by clients", "quoted'+plus", "85 characters");
        // dave never had mail: his mailbox is created empty.
        assertThat(StoreView.uidls(cli, "dave@example.com")).isEmpty();

        try (MailStore store = cli.openStore()) {
            Directory directory = store.directory();
            assertThat(PasswordSchemes.verify(hash(directory, "alice@example.com"), "alice-secret")).isTrue();
            assertThat(PasswordSchemes.verify(hash(directory, "carol@example.com"), "carol-secret")).isTrue();
            // bob's DES crypt and dave's missing password become locked passwords.
            assertThat(PasswordSchemes.isSupported(hash(directory, "bob@example.org"))).isTrue();
            assertThat(result.out()).contains("Locked passwords (set one with postbox mailbox passwd ADDRESS):",
                    "bob@example.org: its password is a traditional DES crypt(3) hash",
                    "postbox mailbox passwd bob@example.org", "dave@example.com: it has no password");
            assertThat(directory.mailboxQuota(MailboxAddress.parse("alice@example.com")).limit())
                    .isEqualTo(new MailboxQuota(10_000_000, 100));
        }
    }

    @Test
    void runningItAgainImportsNothing() {
        String[] command = {"import", "courier", "--userdb", tree.resolve("userdb").toString(),
            "--mail-root", tree.resolve("mail").toString()};
        assertThat(cli.run(command).exitCode()).isZero();
        List<String> carol = StoreView.uidls(cli, "carol@example.com");

        Cli.Result again = cli.run(command);

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("0 mailbox(es) created, 4 existing", "0 message(s) imported", "9 there already");
        // The replacement UIDL depends on the file only, so it is found again.
        assertThat(StoreView.uidls(cli, "carol@example.com")).isEqualTo(carol);
    }

    private static String hash(Directory directory, String address) {
        return directory.account(MailboxAddress.parse(address)).orElseThrow().passwordHash();
    }
}
