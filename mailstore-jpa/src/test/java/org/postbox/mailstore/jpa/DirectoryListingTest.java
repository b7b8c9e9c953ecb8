package org.postbox.mailstore.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postbox.mailstore.Alias;
import org.postbox.mailstore.AliasName;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.Mailbox;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.jpa.testing.PostgresDatabase;
import org.postbox.mailstore.jpa.testing.PostgresExtension;

/**
 * The listings of a control panel read a fixed number of SQL statements, however many mailboxes
 * and aliases a domain has: a domain of many mailboxes must not cost a query per mailbox. The
 * statements are counted as the PostgreSQL driver sends them (its protocol trace), on the
 * calling thread only.
 */
class DirectoryListingTest {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private static final int MANY = 40;

    private JpaStore store;
    private Directory directory;
    private final StatementCounter statements = new StatementCounter();

    @BeforeEach
    void provision() {
        PostgresDatabase database = POSTGRES.createDatabase();
        Map<String, Object> settings = new LinkedHashMap<>(database.storeSettings());
        // Every statement parsed each time, so the trace shows each one with its text.
        String url = (String) settings.get("url");
        settings.put("url", url + (url.contains("?") ? "&" : "?") + "prepareThreshold=0");
        store = JpaStore.open(JpaSettings.parse(settings, Path.of(".")));
        directory = store.directory();
        directory.addDomain("small.example");
        directory.addDomain("big.example");
        directory.addMailbox(MailboxAddress.parse("one@small.example"), "{PLAIN}x");
        directory.setAlias(new Alias(AliasName.parse("@small.example"), List.of(MailboxAddress.parse("one@small.example"))));
        List<MailboxAddress> big = new ArrayList<>();
        for (int i = 0; i < MANY; i++) {
            MailboxAddress address = MailboxAddress.parse("user" + i + "@big.example");
            directory.addMailbox(address, "{PLAIN}x");
            directory.recordLogin(address, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i));
            directory.setMailboxPop3Enabled(address, i % 2 == 0);
            big.add(address);
        }
        for (int i = 0; i < MANY; i++) {
            directory.setAlias(new Alias(AliasName.parse("alias" + i + "@big.example"), big.subList(i, Math.min(MANY, i + 3))));
        }
        statements.start();
    }

    @AfterEach
    void close() {
        statements.stop();
        store.close();
    }

    @Test
    void listingABigDomainsMailboxesTakesAsManyStatementsAsASmallOnes() {
        int small = statements.during(() -> assertThat(directory.mailboxes(Optional.of("small.example"))).hasSize(1));
        int big = statements.during(() -> assertThat(directory.mailboxes(Optional.of("big.example"))).hasSize(MANY)
                .allSatisfy(mailbox -> assertThat(mailbox.lastLogin()).isPresent()));
        int all = statements.during(() -> assertThat(directory.mailboxes(Optional.empty())).hasSize(MANY + 1));

        assertThat(small).isBetween(1, 2);
        assertThat(big).isEqualTo(small);
        assertThat(all).isEqualTo(small);
        assertThat(directory.mailboxes(Optional.of("big.example"))).filteredOn(Mailbox::pop3Enabled).hasSize(MANY / 2);
    }

    @Test
    void listingDomainsAndAliasesTakesOneStatementEach() {
        assertThat(statements.during(() -> assertThat(directory.domains()).hasSize(2)
                .anySatisfy(domain -> assertThat(domain.aliasCount()).isEqualTo(MANY)))).isEqualTo(1);
        assertThat(statements.during(() -> assertThat(directory.aliases("big.example")).hasSize(MANY))).isEqualTo(1);
        assertThat(statements.during(() -> assertThat(directory.aliases("small.example")).hasSize(1))).isEqualTo(1);
    }

    @Test
    void resolvingAndRecordingALoginTakeOneStatementEach() {
        assertThat(statements.during(() -> assertThat(directory.resolve(MailboxAddress.parse("alias5@big.example")))
                .hasSize(3))).isEqualTo(1);
        assertThat(statements.during(() -> directory.recordLogin(MailboxAddress.parse("user1@big.example"), Instant.now())))
                .isEqualTo(1);
    }

    /** Counts the SQL statements the driver parses on the calling thread, leaving out transaction control. */
    private static final class StatementCounter extends Handler {

        private static final Logger DRIVER = Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl");
        private static final Pattern STATEMENT = Pattern.compile(
                "FE=> Parse\\(stmt=[^,]*,query=\"\\s*(select|insert|update|delete|with)\\b", Pattern.CASE_INSENSITIVE);

        private final AtomicInteger count = new AtomicInteger();
        private volatile long thread = -1;
        private Level level;

        void start() {
            level = DRIVER.getLevel();
            setLevel(Level.ALL);
            DRIVER.setLevel(Level.FINEST);
            DRIVER.addHandler(this);
        }

        void stop() {
            DRIVER.removeHandler(this);
            DRIVER.setLevel(level);
        }

        int during(Runnable work) {
            count.set(0);
            thread = Thread.currentThread().getId();
            try {
                work.run();
            } finally {
                thread = -1;
            }
            return count.get();
        }

        @Override
        public void publish(LogRecord record) {
            if (record.getLongThreadID() == thread && record.getMessage() != null
                    && STATEMENT.matcher(record.getMessage()).find()) {
                count.incrementAndGet();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
