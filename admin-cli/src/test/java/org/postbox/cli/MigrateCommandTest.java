package org.postbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.Account;
import org.postbox.mailstore.Alias;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.Domain;
import org.postbox.mailstore.DomainQuota;
import org.postbox.mailstore.DomainRetention;
import org.postbox.mailstore.Expire;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.Mailbox;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.MessageInfo;
import org.postbox.mailstore.jpa.testing.JpaStoreFixture;
import org.postbox.mailstore.jpa.testing.MaildirStoreFixture;
import org.postbox.mailstore.jpa.testing.PostgresExtension;

/**
 * {@code postbox migrate}: Maildir to PostgreSQL and back, with every UIDL (Dovecot's imported ones
 * and Postbox's own), the order, hashes, limits, suspension and app passwords kept.
 */
class MigrateCommandTest {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @TempDir
    Path dir;

    private Cli maildir;

    /** What a mailbox is, as far as a migration must keep it. */
    record MailboxState(List<MessageInfo> listing, String hash, MailboxQuota quota, boolean suspended, List<String> apps,
                        boolean pop3, Optional<Expire> expire, Optional<Duration> loginDelay) {
    }

    /** What a domain is, as far as a migration must keep it. */
    record DomainState(DomainQuota quota, boolean suspended, boolean pop3, DomainRetention retention, Duration loginDelay,
                       List<Alias> aliases) {
    }

    /** A whole store: domains with their settings, mailboxes. */
    record StoreState(Map<String, DomainState> domains, Map<String, MailboxState> mailboxes) {
    }

    @BeforeEach
    void fillAMaildirStore() throws IOException {
        Path tree = SourceTrees.dovecot(dir);
        maildir = Cli.withStore(new MaildirStoreFixture(), dir.resolve("maildir"));
        Path passwd = dir.resolve("passwd");
        Files.write(passwd, Files.readAllLines(tree.resolve("passwd")).stream()
                .filter(line -> !line.startsWith("henry@") && !line.startsWith("ivan@") && !line.startsWith("#")).toList());
        Cli.Result imported = maildir.run("import", "dovecot", "--passwd-file", passwd.toString(),
                "--mail-root", tree.resolve("mail").toString(), "--copy");
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        assertThat(maildir.withStdin("Subject: own\n\nPostbox's own UIDL.\n", "deliver", "alice@example.com",
                "bob@example.org").exitCode()).isZero();
        assertThat(maildir.run("quota", "set", "example.com", "--storage", "50G", "--mailboxes", "10").exitCode()).isZero();
        assertThat(maildir.run("quota", "set", "bob@example.org", "--messages", "500").exitCode()).isZero();
        assertThat(maildir.run("mailbox", "suspend", "dave@example.com").exitCode()).isZero();
        assertThat(maildir.run("mailbox", "app-password", "add", "bob@example.org", "phone").exitCode()).isZero();
        // Settings of later features, which a migration carries as well.
        for (String[] command : List.of(
                new String[] {"domain", "retention", "example.com", "--expire", "30", "--hold", "7"},
                new String[] {"domain", "login-delay", "example.org", "300"},
                new String[] {"domain", "pop3", "example.org", "off"},
                new String[] {"mailbox", "expire", "alice@example.com", "never"},
                new String[] {"mailbox", "login-delay", "bob@example.org", "60"},
                new String[] {"mailbox", "pop3", "carol@example.com", "off"},
                new String[] {"alias", "add", "sales@example.com", "alice@example.com", "bob@example.org"},
                new String[] {"alias", "add", "@example.org", "erin@example.org"},
                new String[] {"domain", "suspend", "example.org"})) {
            Cli.Result result = maildir.run(command);
            assertThat(result.exitCode()).as(result.toString()).isZero();
        }
    }

    @Test
    void maildirToPostgresqlAndBackKeepsEverything() throws IOException {
        StoreState original = state(maildir);
        Cli jpa = Cli.withStore(new JpaStoreFixture(POSTGRES), dir.resolve("jpa"));

        Cli.Result there = maildir.run("migrate", "--to", "jpa", "--target-config", jpa.config().toString());

        assertThat(there.exitCode()).as(there.toString()).isZero();
        assertThat(there.out()).contains("domain example.com: created", "alice@example.com: created, 4 message(s)");
        assertThat(state(jpa)).isEqualTo(original);

        Cli.Result again = maildir.run("migrate", "--to", "jpa", "--target-config", jpa.config().toString(), "--json");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("\"type\":\"summary\"", "\"messages\":0", "\"mailboxes\":0", "\"existing\":7");
        assertThat(state(jpa)).isEqualTo(original);

        Cli back = Cli.withStore(new MaildirStoreFixture(), dir.resolve("back"));
        Cli.Result returned = jpa.run("migrate", "--to", "maildir", "--target-config", back.config().toString(),
                "--verify");
        assertThat(returned.exitCode()).as(returned.toString()).isZero();
        assertThat(state(back)).isEqualTo(original);
    }

    @Test
    void aDryRunChangesNothing() throws IOException {
        Cli jpa = Cli.withStore(new JpaStoreFixture(POSTGRES), dir.resolve("jpa"));

        Cli.Result dry = maildir.run("migrate", "--to", "jpa", "--target-config", jpa.config().toString(), "--dry-run");

        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("dry run, nothing changed", "7 mailbox(es) would be created",
                "alice@example.com: would be created, 4 message(s)");
        try (MailStore store = jpa.openStore()) {
            assertThat(store.directory().domains()).isEmpty();
        }
    }

    @Test
    void theTargetMustBeOfTheTypeGiven() {
        Cli.Result wrong = maildir.run("migrate", "--to", "jpa", "--target-config", maildir.config().toString());
        Cli.Result unknown = maildir.run("migrate", "--to", "mysql", "--target-config", maildir.config().toString());

        assertThat(wrong.exitCode()).isEqualTo(64);
        assertThat(wrong.err()).contains("configures a maildir store, not jpa");
        assertThat(unknown.exitCode()).isEqualTo(64);
        assertThat(unknown.err()).contains("--to mysql: use jpa or maildir");
    }

    private static StoreState state(Cli cli) {
        try (MailStore store = cli.openStore()) {
            Directory directory = store.directory();
            Map<String, DomainState> domains = new LinkedHashMap<>();
            for (Domain domain : directory.domains()) {
                Duration delay = directory.mailboxes(Optional.of(domain.name())).stream().findFirst()
                        .map(m -> directory.loginDelay(m.address()).domain()).orElse(Duration.ZERO);
                domains.put(domain.name(), new DomainState(directory.domainQuota(domain.name()).limit(), domain.suspended(),
                        domain.pop3Enabled(), directory.domainRetention(domain.name()), delay,
                        directory.aliases(domain.name())));
            }
            Map<String, MailboxState> mailboxes = new LinkedHashMap<>();
            for (Mailbox mailbox : directory.mailboxes(Optional.empty())) {
                Account account = directory.account(mailbox.address()).orElseThrow();
                List<String> apps = directory.appPasswords(mailbox.address()).stream()
                        .map(app -> app.name() + " " + app.passwordHash()).toList();
                mailboxes.put(mailbox.address().toString(), new MailboxState(StoreView.listing(cli,
                        mailbox.address().toString()), account.passwordHash(),
                        directory.mailboxQuota(mailbox.address()).limit(), account.suspended(), apps, account.pop3Enabled(),
                        directory.mailboxRetention(mailbox.address()).ownExpire(),
                        directory.loginDelay(mailbox.address()).mailbox()));
            }
            return new StoreState(domains, mailboxes);
        }
    }
}
