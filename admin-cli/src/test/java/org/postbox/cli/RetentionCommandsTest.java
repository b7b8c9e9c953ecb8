package org.postbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageSource;

/** {@code domain retention}, {@code mailbox expire} and {@code mailbox undelete}, over a Maildir store. */
class RetentionCommandsTest {
    @TempDir
    Path dir;

    private Cli cli;

    @BeforeEach
    void configure() throws Exception {
        cli = Cli.withMaildir(dir);
        cli.run("domain", "add", "example.com");
        cli.addMailboxDirectly("alice@example.com");
    }

    private JsonNode json(Cli.Result result) throws Exception {
        assertThat(result.exitCode()).as(result.err()).isZero();
        return new ObjectMapper().readTree(result.out());
    }

    @Test
    void showsAndSetsADomainsRetentionAndAMailboxsOwnExpire() throws Exception {
        assertThat(cli.run("domain", "retention", "example.com").out())
                .isEqualTo("domain example.com: expire never, hold 0 day(s), held mail does not count toward quota\n");

        assertThat(cli.run("domain", "retention", "example.com", "--expire", "30", "--hold", "7").out()).isEqualTo(""
                + "retention of domain example.com changed: expire never -> 30; hold-days 0 -> 7\n"
                + "domain example.com: expire 30, hold 7 day(s), held mail does not count toward quota\n");
        JsonNode domain = json(cli.run("domain", "retention", "example.com", "--held-counts-toward-quota", "true", "--json"));
        assertThat(domain.get("expire").asText()).isEqualTo("30");
        assertThat(domain.get("holdDays").asInt()).isEqualTo(7);
        assertThat(domain.get("heldCountsTowardQuota").asBoolean()).isTrue();

        assertThat(cli.run("mailbox", "expire", "alice@example.com").out())
                .isEqualTo("alice@example.com: expire 30 (its domain's)\n");
        assertThat(cli.run("mailbox", "expire", "alice@example.com", "never").out()).isEqualTo(""
                + "expire of alice@example.com changed: expire inherit -> never\n"
                + "alice@example.com: expire never (its own)\n");
        JsonNode mailbox = json(cli.run("mailbox", "expire", "alice@example.com", "inherit", "--json"));
        assertThat(mailbox.get("expire").asText()).isEqualTo("30");
        assertThat(mailbox.get("ownExpire").asText()).isEqualTo("inherit");
    }

    @Test
    void badValuesAreUsageErrorsAndUnknownTargetsAreNoUser() {
        Cli.Result days = cli.run("domain", "retention", "example.com", "--expire", "soon");
        assertThat(days.exitCode()).isEqualTo(64);
        assertThat(days.err()).isEqualTo("postbox: expected a number of days or 'never', got 'soon'\n");
        assertThat(cli.run("domain", "retention", "example.com", "--hold", "-1").exitCode()).isEqualTo(64);
        assertThat(cli.run("domain", "retention", "example.com", "--held-counts-toward-quota", "maybe").exitCode())
                .isEqualTo(64);
        assertThat(cli.run("mailbox", "undelete", "alice@example.com", "--since", "yesterday").exitCode()).isEqualTo(64);
        assertThat(cli.run("domain", "retention", "example.net").exitCode()).isEqualTo(67);
        assertThat(cli.run("mailbox", "expire", "bob@example.com", "5").exitCode()).isEqualTo(67);
    }

    @Test
    void undeleteRestoresHeldMailAndIsRefusedWhileASessionHoldsTheMailbox() throws Exception {
        cli.run("domain", "retention", "example.com", "--hold", "7");
        MailboxAddress alice = MailboxAddress.parse("alice@example.com");
        List<String> before;
        try (MailStore store = cli.openStore()) {
            for (int n = 1; n <= 3; n++) {
                store.deliver(List.of(alice), MessageSource.of(("Subject: " + n + "\r\n\r\nx\r\n").getBytes(StandardCharsets.US_ASCII)));
            }
            try (Maildrop session = store.open(alice)) {
                BitSet deleted = new BitSet();
                deleted.set(1);
                deleted.set(3);
                session.commit(deleted);
            }
        }
        before = StoreView.uidls(cli, "alice@example.com");
        assertThat(before).hasSize(1);

        try (MailStore store = cli.openStore(); Maildrop session = store.open(alice)) {
            Cli.Result locked = cli.run("mailbox", "undelete", "alice@example.com");
            assertThat(locked.exitCode()).isEqualTo(75);
            assertThat(locked.err()).startsWith("postbox: ").contains("alice@example.com");
        }
        assertThat(cli.run("mailbox", "undelete", "alice@example.com", "--since", "2999-01-01").out())
                .isEqualTo("restored 0 message(s) of alice@example.com\n");
        JsonNode restored = json(cli.run("mailbox", "undelete", "alice@example.com", "--since", "2020-01-01", "--json"));
        assertThat(restored.get("restored").asInt()).isEqualTo(2);
        assertThat(StoreView.uidls(cli, "alice@example.com")).hasSize(3).contains(before.get(0));
    }
}
