package org.postbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postbox.mailstore.ImportedMessage;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxImport;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.Maildrop;
import org.postbox.password.PasswordSchemes;

/**
 * {@code postbox import dovecot} on the Maildirs a real Dovecot wrote: afterwards the store answers
 * every mailbox's UIDL and LIST exactly as Dovecot did, on both backends.
 */
class ImportDovecotCommandTest extends OnBothBackends {
    /** The mailboxes of the fixtures that Dovecot answered with its default pop3_uidl_format. */
    private static final List<String> DEFAULT_FORMAT = List.of("alice@example.com", "bob@example.org",
            "carol@example.com", "dave@example.com", "erin@example.org", "frank@example.org");

    private Path tree;

    @BeforeEach
    void setUp() throws IOException {
        tree = SourceTrees.dovecot(dir);
    }

    @Test
    void everyMailboxAnswersTheUidlsSizesAndOrderDovecotAnswered() throws IOException {
        Cli.Result result = importDovecot(tree.resolve("passwd"));

        // henry's mail is in mbox and ivan's location needs a home directory the file does not give.
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(65);
        assertThat(result.out()).contains("Not imported:", "henry@example.net", "mbox", "ivan@example.org",
                "no home directory");
        for (String address : DEFAULT_FORMAT) {
            String user = address.substring(0, address.indexOf('@'));
            assertThat(StoreView.listing(cli, address)).as(address)
                    .isEqualTo(StoreView.expected(SourceTrees.answers(tree, user + ".default")));
        }
        assertThat(StoreView.listing(cli, "grace@example.com")).hasSize(3);
        try (MailStore store = cli.openStore()) {
            assertThat(store.directory().account(MailboxAddress.parse("henry@example.net"))).isEmpty();
            String alice = store.directory().account(MailboxAddress.parse("alice@example.com")).orElseThrow().passwordHash();
            assertThat(PasswordSchemes.verify(alice, "alice-secret")).isTrue();
            String bob = store.directory().account(MailboxAddress.parse("bob@example.org")).orElseThrow().passwordHash();
            assertThat(bob).startsWith("{ARGON2ID}");
            // userdb_quota_rule=*:storage=1G
            assertThat(store.directory().mailboxQuota(MailboxAddress.parse("alice@example.com")).limit())
                    .isEqualTo(new MailboxQuota(1L << 30, 0));
        }
    }

    @Test
    void xUidlHeadersAreKeptAndAFoldedOneIsReplacedAndReported() throws IOException {
        Path passwd = passwd("grace");

        Cli.Result result = importDovecot(passwd, "--uidl-from", "x-uidl");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<SourceTrees.Answer> answers = SourceTrees.answers(tree, "grace.xuidl");
        List<String> uidls = StoreView.uidls(cli, "grace@example.com");
        assertThat(uidls).hasSize(3);
        assertThat(uidls.get(0)).isEqualTo(answers.get(0).uidl());
        // Dovecot sent the second with a line break in it; no client can have kept it as one UIDL.
        assertThat(uidls.get(1)).startsWith("pbx").hasSize(35);
        assertThat(uidls.get(2)).isEqualTo(answers.get(2).uidl());
        assertThat(result.out()).contains("Will be fetched again by clients", "1796525860.M577393P8986.vm",
                "folded over 2 lines", uidls.get(1));
    }

    @Test
    void aUidlistInAControlDirectoryIsFoundThroughTheHomeDirectory() throws IOException {
        // ivan's userdb_mail is maildir:~/Maildir:CONTROL=~/control; here the file gives his home.
        Path passwd = dir.resolve("passwd-ivan");
        String line = line("ivan").replace("::::::", "::::" + tree.resolve("mail/example.org/ivan") + "::");
        Files.writeString(passwd, line + "\n");

        Cli.Result result = importDovecot(passwd);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(StoreView.listing(cli, "ivan@example.org"))
                .isEqualTo(StoreView.expected(SourceTrees.answers(tree, "ivan.default")));
    }

    @Test
    void runningItAgainImportsNothing() throws IOException {
        Path passwd = passwd(DEFAULT_FORMAT.stream().map(a -> a.substring(0, a.indexOf('@'))).toArray(String[]::new));
        assertThat(importDovecot(passwd).exitCode()).isZero();
        List<List<String>> before = DEFAULT_FORMAT.stream().map(a -> StoreView.uidls(cli, a)).toList();

        Cli.Result again = importDovecot(passwd, "--json");

        assertThat(again.exitCode()).as(again.toString()).isZero();
        JsonNode summary = lastLine(again);
        assertThat(summary.get("messages").asLong()).isZero();
        assertThat(summary.get("mailboxes").asInt()).isZero();
        assertThat(summary.get("existing").asInt()).isEqualTo(DEFAULT_FORMAT.size());
        assertThat(summary.get("alreadyThere").asLong()).isEqualTo(before.stream().mapToLong(List::size).sum());
        assertThat(DEFAULT_FORMAT.stream().map(a -> StoreView.uidls(cli, a)).toList()).isEqualTo(before);
    }

    @Test
    void anInterruptedImportRunAgainEndsWithEveryMessageExactlyOnce() throws IOException {
        // Interrupted after some mailboxes...
        assertThat(importDovecot(passwd("alice", "bob")).exitCode()).isZero();
        // ... and in the middle of carol's, after her first message.
        List<SourceTrees.Answer> carol = SourceTrees.answers(tree, "carol.default");
        MailboxAddress address = MailboxAddress.parse("carol@example.com");
        try (MailStore store = cli.openStore()) {
            store.directory().addMailbox(address, "{PLAIN}changed-since");
            Path first = carolsFile(carol.get(0).size());
            try (MailboxImport mailbox = store.importer().begin(address)) {
                mailbox.add(List.of(new ImportedMessage(first, carol.get(0).uidl(), Files.size(first),
                        java.time.Instant.now(), ImportedMessage.Transfer.COPY)), MailboxImport.Verification.SIZE);
            }
        }

        Path passwd = passwd(DEFAULT_FORMAT.stream().map(a -> a.substring(0, a.indexOf('@'))).toArray(String[]::new));
        Cli.Result result = importDovecot(passwd);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("carol@example.com: exists, 2 message(s)", "1 there already");
        for (String mailbox : DEFAULT_FORMAT) {
            String user = mailbox.substring(0, mailbox.indexOf('@'));
            assertThat(StoreView.listing(cli, mailbox)).as(mailbox)
                    .isEqualTo(StoreView.expected(SourceTrees.answers(tree, user + ".default")));
        }
        try (MailStore store = cli.openStore()) {
            // An existing mailbox is left as it is.
            assertThat(store.directory().account(address).orElseThrow().passwordHash()).isEqualTo("{PLAIN}changed-since");
        }
    }

    @Test
    void aDryRunChangesNothingAndSaysWhatWouldBeDone() throws IOException {
        Path passwd = passwd("alice", "bob");

        Cli.Result dry = importDovecot(passwd, "--dry-run");

        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("domain example.com: would be created",
                "alice@example.com: would be created, 3 message(s) (1.2 KiB) would be imported",
                "dry run, nothing changed: 2 domain(s) would be created; 2 mailbox(es) would be created",
                "5 message(s) would be imported");
        try (MailStore store = cli.openStore()) {
            assertThat(store.directory().domains()).isEmpty();
            assertThat(store.directory().mailboxes(Optional.empty())).isEmpty();
        }

        assertThat(importDovecot(passwd).exitCode()).isZero();
        Cli.Result after = importDovecot(passwd, "--dry-run");
        assertThat(after.out()).contains("alice@example.com: exists, 0 message(s) (0 B) would be imported, 3 there already");
    }

    @Test
    void linkingLeavesTheSourceAsItWas() throws IOException {
        List<Path> files = messageFiles("alice");
        List<byte[]> contents = contents(files);

        assertThat(importDovecot(passwd("alice")).exitCode()).isZero();

        assertThat(contents(files)).containsExactlyElementsOf(contents);
        // The Maildir store links each file in; PostgreSQL reads it in.
        for (Path file : files) {
            assertThat(Files.getAttribute(file, "unix:nlink")).isEqualTo(backend.name().equals("maildir") ? 2 : 1);
        }
    }

    @Test
    void copyingLeavesTheSourceAsItWasAndUnlinked() throws IOException {
        List<Path> files = messageFiles("alice");
        List<byte[]> contents = contents(files);

        assertThat(importDovecot(passwd("alice"), "--copy", "--verify").exitCode()).isZero();

        assertThat(contents(files)).containsExactlyElementsOf(contents);
        for (Path file : files) {
            assertThat(Files.getAttribute(file, "unix:nlink")).isEqualTo(1);
        }
        assertThat(StoreView.listing(cli, "alice@example.com"))
                .isEqualTo(StoreView.expected(SourceTrees.answers(tree, "alice.default")));
    }

    @Test
    void movingTakesTheFilesAwayOnceStored() throws IOException {
        List<Path> files = messageFiles("alice");

        assertThat(importDovecot(passwd("alice"), "--move").exitCode()).isZero();

        assertThat(files).allSatisfy(file -> assertThat(file).doesNotExist());
        assertThat(StoreView.listing(cli, "alice@example.com"))
                .isEqualTo(StoreView.expected(SourceTrees.answers(tree, "alice.default")));
        // Its uidlist stays: Dovecot's state of a Maildir is no message.
        assertThat(tree.resolve("mail/example.com/alice/Maildir/dovecot-uidlist")).exists();
    }

    @Test
    void aMailboxInUseIsLeftForTheNextRun() throws IOException {
        Path passwd = passwd("alice", "bob");
        try (MailStore store = cli.openStore()) {
            store.directory().addDomain("example.org");
            store.directory().addMailbox(MailboxAddress.parse("bob@example.org"), "{PLAIN}secret");
        }

        Cli.Result busy;
        try (MailStore store = cli.openStore(); Maildrop session = store.open(MailboxAddress.parse("bob@example.org"))) {
            busy = importDovecot(passwd);
        }

        assertThat(busy.exitCode()).as(busy.toString()).isEqualTo(75);
        assertThat(busy.out()).contains("bob@example.org: in use, retry",
                "Not imported yet (run the same command again):", "bob@example.org: in use (");
        assertThat(StoreView.uidls(cli, "bob@example.org")).isEmpty();
        assertThat(StoreView.listing(cli, "alice@example.com"))
                .isEqualTo(StoreView.expected(SourceTrees.answers(tree, "alice.default")));

        Cli.Result after = importDovecot(passwd);
        assertThat(after.exitCode()).as(after.toString()).isZero();
        assertThat(StoreView.listing(cli, "bob@example.org"))
                .isEqualTo(StoreView.expected(SourceTrees.answers(tree, "bob.default")));
    }

    private Path carolsFile(long crlfSize) throws IOException {
        try (Stream<Path> files = Files.list(tree.resolve("mail/example.com/carol/Maildir/cur"))) {
            return files.filter(f -> f.getFileName().toString().contains(",W=" + crlfSize + ":")).findFirst().orElseThrow();
        }
    }

    private List<Path> messageFiles(String user) throws IOException {
        try (Stream<Path> files = Files.list(tree.resolve("mail/example.com").resolve(user).resolve("Maildir/cur"))) {
            return files.sorted().toList();
        }
    }

    private static List<byte[]> contents(List<Path> files) throws IOException {
        List<byte[]> contents = new ArrayList<>();
        for (Path file : files) {
            contents.add(Files.readAllBytes(file));
        }
        return contents;
    }

    private Cli.Result importDovecot(Path passwd, String... more) {
        List<String> args = new ArrayList<>(List.of("import", "dovecot", "--passwd-file", passwd.toString(),
                "--mail-root", tree.resolve("mail").toString()));
        args.addAll(Arrays.asList(more));
        return cli.run(args.toArray(String[]::new));
    }

    /** A passwd-file with the fixture lines of these users only. */
    private Path passwd(String... users) throws IOException {
        Path file = Files.createTempFile(dir, "passwd-", "");
        StringBuilder lines = new StringBuilder();
        for (String user : users) {
            lines.append(line(user)).append('\n');
        }
        Files.writeString(file, lines);
        return file;
    }

    private String line(String user) throws IOException {
        return Files.readAllLines(tree.resolve("passwd")).stream().filter(l -> l.startsWith(user + "@")).findFirst()
                .orElseThrow();
    }

    private static JsonNode lastLine(Cli.Result result) throws IOException {
        String[] lines = result.out().split("\n");
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }
}
