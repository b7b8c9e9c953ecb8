package org.postbox.mailstore.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.postbox.mailstore.Alias;
import org.postbox.mailstore.AliasName;
import org.postbox.mailstore.MailboxAddress;

/** The alias file's lines: what counts, what is kept, and how changes rewrite them. */
class AliasEntriesTest {

    private static final MailboxAddress ALICE = MailboxAddress.parse("alice@example.org");
    private static final MailboxAddress BOB = MailboxAddress.parse("bob@example.org");
    private static final MailboxAddress CAROL = MailboxAddress.parse("carol@example.net");

    private static final String FILE = """
            # hand-written
            zeta@example.org: alice@example.org
            Sales@Example.org : bob@example.org ,alice@example.org
            sales@example.org: carol@example.net
            @example.org: carol@example.net
            twice@example.org: bob@example.org, bob@example.org
            """;

    @Test
    void theFirstLineOfANameCountsAndUnusableLinesAreKeptButIgnored() {
        AliasEntries entries = AliasEntries.parse(FILE);

        assertThat(entries.get(AliasName.parse("sales@example.org")))
                .contains(new Alias(AliasName.parse("sales@example.org"), List.of(BOB, ALICE)));
        assertThat(entries.ofDomain("example.org")).extracting(a -> a.name().toString())
                .containsExactly("@example.org", "sales@example.org", "zeta@example.org");
        assertThat(entries.unreadableLines()).containsExactly(6);
        assertThat(entries.render()).isEqualTo(FILE);
    }

    @Test
    void replacingAnAliasRewritesEveryLineOfItsNameInPlace() {
        AliasEntries changed = AliasEntries.parse(FILE).with(new Alias(AliasName.parse("sales@example.org"), List.of(CAROL)));

        assertThat(changed.render().split("\n")).containsExactly(
                "# hand-written",
                "zeta@example.org: alice@example.org",
                "sales@example.org: carol@example.net",
                "sales@example.org: carol@example.net",
                "@example.org: carol@example.net",
                "twice@example.org: bob@example.org, bob@example.org");
    }

    @Test
    void aRenamedTargetKeepsItsPlaceAndIsNeverListedTwice() {
        AliasEntries changed = AliasEntries.parse(FILE).withTargetRenamed(BOB, ALICE).withTargetRenamed(CAROL, BOB);

        assertThat(changed.get(AliasName.parse("sales@example.org")))
                .contains(new Alias(AliasName.parse("sales@example.org"), List.of(ALICE)));
        assertThat(changed.get(AliasName.catchAll("example.org")))
                .contains(new Alias(AliasName.catchAll("example.org"), List.of(BOB)));
        assertThat(changed.targeting(ALICE)).extracting(a -> a.name().toString())
                .containsExactly("zeta@example.org", "sales@example.org");
    }

    @Test
    void aDomainsAliasesGoTogether() {
        AliasEntries changed = AliasEntries.parse(FILE).withoutDomain("example.org");

        assertThat(changed.render()).isEqualTo("# hand-written\ntwice@example.org: bob@example.org, bob@example.org\n");
    }
}
