package org.postbox.mailstore.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postbox.mailstore.DomainQuota;
import org.postbox.mailstore.DomainQuotaReport;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.QuotaUsage;
import org.postbox.mailstore.jpa.testing.PostgresDatabase;
import org.postbox.mailstore.jpa.testing.PostgresExtension;

/** How limits, usage and suspension lie in the schema, and how a database of the first version gets them. */
class QuotaSchemaTest {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @Test
    void aDatabaseOfTheFirstVersionGetsDomainUsageSummedFromItsMailboxes() throws Exception {
        OlderSchema older = OlderSchema.at(POSTGRES, "1").with(
                "INSERT INTO domains (name) VALUES ('example.org'), ('example.net')",
                """
                        INSERT INTO mailboxes (domain_id, local_part, password_hash, message_count, stored_octets, quota_octets)
                        SELECT id, local_part, '{PLAIN}x', messages, octets, NULL FROM domains,
                               (VALUES ('alice', 3, 3000), ('bob', 2, 500)) AS m (local_part, messages, octets)
                         WHERE name = 'example.org'""");

        try (JpaStore store = older.open()) {
            assertThat(store.directory().domainQuota("example.org"))
                    .isEqualTo(new DomainQuotaReport("example.org", DomainQuota.UNLIMITED, new QuotaUsage(3500, 5), 2));
            assertThat(store.directory().domainQuota("example.net").usage()).isEqualTo(QuotaUsage.NONE);
            assertThat(store.directory().account(MailboxAddress.parse("alice@example.org")))
                    .hasValueSatisfying(account -> assertThat(account.suspended()).isFalse());
        }
    }

    @Test
    void unlimitedIsNullInTheSchemaAndMessageLimitsFitItsIntegers() throws Exception {
        PostgresDatabase database = POSTGRES.createDatabase();
        MailboxAddress alice = MailboxAddress.parse("alice@example.org");
        try (JpaStore store = JpaStore.open(JpaSettings.parse(database.storeSettings(), Path.of(".")))) {
            store.directory().addDomain("example.org");
            store.directory().addMailbox(alice, "{PLAIN}x");
            store.directory().setMailboxQuota(alice, new MailboxQuota(0, 12));
            store.directory().setDomainQuota("example.org", new DomainQuota(1L << 40, 0));

            try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                 var row = statement.executeQuery("""
                         SELECT m.quota_octets IS NULL, m.quota_messages, d.quota_octets, d.quota_mailboxes IS NULL
                           FROM mailboxes m JOIN domains d ON d.id = m.domain_id""")) {
                row.next();
                assertThat(row.getBoolean(1)).isTrue();
                assertThat(row.getInt(2)).isEqualTo(12);
                assertThat(row.getLong(3)).isEqualTo(1L << 40);
                assertThat(row.getBoolean(4)).isTrue();
            }
            assertThatThrownBy(() -> store.directory().setMailboxQuota(alice, new MailboxQuota(0, 1L << 31)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(String.valueOf(Integer.MAX_VALUE));
        }
    }
}
