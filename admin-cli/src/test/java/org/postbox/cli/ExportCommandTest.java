package org.postbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postbox.mailstore.MessageInfo;
import org.postbox.migration.MaildirFileName;
import org.postbox.migration.UidlOutcome;
import org.postbox.migration.dovecot.DovecotPop3Uidls;
import org.postbox.migration.dovecot.DovecotUidlist;
import org.postbox.migration.dovecot.UidlistRecord;

/** {@code postbox export}: the mail leaves with its UIDLs (Maildir) or as an mboxrd file, on both backends. */
class ExportCommandTest extends OnBothBackends {
    private Path tree;

    @BeforeEach
    void setUp() throws IOException {
        tree = SourceTrees.dovecot(dir);
        Path passwd = dir.resolve("passwd-alice");
        Files.writeString(passwd, Files.readAllLines(tree.resolve("passwd")).stream()
                .filter(line -> line.startsWith("alice@")).findFirst().orElseThrow() + "\n");
        assertThat(cli.run("import", "dovecot", "--passwd-file", passwd.toString(), "--mail-root",
                tree.resolve("mail").toString(), "--copy").exitCode()).isZero();
        // One message of Postbox's own after the imported ones, with a From_ line in its body.
        assertThat(cli.withStdin("Subject: native\n\nFrom here on\n>From there\n", "deliver", "alice@example.com")
                .exitCode()).isZero();
    }

    @Test
    void aMaildirExportKeepsEveryUidlForDovecotAndImportsBackTheSame() throws IOException {
        List<MessageInfo> listing = StoreView.listing(cli, "alice@example.com");
        Path export = dir.resolve("export/alice");

        Cli.Result result = cli.run("export", "alice@example.com", "--maildir", export.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("alice@example.com: 4 message(s)");
        // Read as Dovecot reads it: its uidlist's P values win over any pop3_uidl_format.
        DovecotUidlist uidlist = DovecotUidlist.read(export.resolve("dovecot-uidlist"));
        assertThat(uidlist.problems()).isEmpty();
        List<String> uidls = new ArrayList<>();
        for (UidlistRecord record : uidlist.all()) {
            Path file = export.resolve("cur").resolve(record.fileName());
            assertThat(file).exists();
            assertThat(new MaildirFileName(record.fileName()).crlfSize()).hasValue(listing.get(uidls.size()).size());
            UidlOutcome uidl = DovecotPop3Uidls.defaults().uidl(uidlist.header(), record, file);
            uidls.add(((UidlOutcome.Valid) uidl).uidl());
        }
        assertThat(uidls).containsExactlyElementsOf(listing.stream().map(MessageInfo::uniqueId).toList());

        // And back, into a store of its own, through the Dovecot import.
        Cli other = Cli.withStore(backend, dir.resolve("other"));
        Path passwd = dir.resolve("passwd-export");
        Files.writeString(passwd, "alice@example.com:{PLAIN}secret::::::\n");
        Cli.Result back = other.run("import", "dovecot", "--passwd-file", passwd.toString(), "--mail-root",
                dir.resolve("export").toString(), "--mail-location", "%n", "--copy");
        assertThat(back.exitCode()).as(back.toString()).isZero();
        assertThat(StoreView.listing(other, "alice@example.com")).isEqualTo(listing);
    }

    @Test
    void anMboxExportQuotesFromLinesAndReadsBackAsTheMessages() throws IOException {
        Path mbox = dir.resolve("alice.mbox");

        Cli.Result result = cli.run("export", "alice@example.com", "--mbox", mbox.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        String text = Files.readString(mbox, StandardCharsets.ISO_8859_1);
        List<String> messages = new ArrayList<>();
        StringBuilder current = null;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("From ")) {
                if (current != null) {
                    messages.add(current.toString());
                }
                current = new StringBuilder();
                continue;
            }
            // mboxrd: one '>' less before any run of '>' and "From ".
            current.append(line.matches(">+From .*") ? line.substring(1) : line).append('\n');
        }
        messages.add(current.toString());
        assertThat(messages).hasSize(4);
        assertThat(messages.get(3)).isEqualTo("Subject: native\n\nFrom here on\n>From there\n\n\n");
        assertThat(text).contains("\n>From here on\n>>From there\n").doesNotContain("\r");
        List<Path> sources = new ArrayList<>();
        try (var files = Files.list(tree.resolve("mail/example.com/alice/Maildir/cur"))) {
            files.sorted().forEach(sources::add);
        }
        assertThat(messages.get(0)).isEqualTo(Files.readString(sources.get(0), StandardCharsets.ISO_8859_1) + "\n");
    }

    @Test
    void anExistingTargetIsNeverWrittenOver() throws IOException {
        Path mbox = Files.writeString(dir.resolve("taken.mbox"), "keep me\n");
        Path maildir = Files.createDirectories(dir.resolve("taken/cur"));

        Cli.Result file = cli.run("export", "alice@example.com", "--mbox", mbox.toString());
        Cli.Result directory = cli.run("export", "alice@example.com", "--maildir", maildir.getParent().toString());

        assertThat(file.exitCode()).isEqualTo(65);
        assertThat(file.err()).contains("exists: export into a new file");
        assertThat(directory.exitCode()).isEqualTo(65);
        assertThat(Files.readString(mbox)).isEqualTo("keep me\n");
        assertThat(cli.run("export", "nobody@example.com", "--mbox", dir.resolve("n.mbox").toString()).exitCode())
                .isEqualTo(67);
        assertThat(dir.resolve("n.mbox")).doesNotExist();
    }
}
