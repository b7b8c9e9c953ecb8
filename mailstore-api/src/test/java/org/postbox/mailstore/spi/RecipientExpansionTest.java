package org.postbox.mailstore.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.postbox.mailstore.Account;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.MailboxQuotaReport;
import org.postbox.mailstore.QuotaUsage;
import org.postbox.mailstore.StoreUnavailableException;
import org.postbox.mailstore.testing.StubDirectory;

/** Recipients to mailboxes (each once) and mailbox outcomes back to recipient outcomes. */
class RecipientExpansionTest {

    private static final MailboxAddress ALICE = MailboxAddress.parse("alice@example.org");
    private static final MailboxAddress BOB = MailboxAddress.parse("bob@example.org");
    private static final MailboxAddress CAROL = MailboxAddress.parse("carol@example.net");
    private static final MailboxAddress SALES = MailboxAddress.parse("sales@example.org");
    private static final MailboxAddress TEAM = MailboxAddress.parse("team@example.org");
    private static final MailboxAddress GHOST = MailboxAddress.parse("ghost@example.com");

    /** alice, bob, carol are mailboxes; sales -> alice, bob; team -> bob, carol; ghost is nothing. */
    private static final Map<MailboxAddress, List<MailboxAddress>> ROUTES = Map.of(
            ALICE, List.of(ALICE), BOB, List.of(BOB), CAROL, List.of(CAROL),
            SALES, List.of(ALICE, BOB), TEAM, List.of(BOB, CAROL));

    private final List<MailboxAddress> asked = new ArrayList<>();
    private final Function<MailboxAddress, List<MailboxAddress>> resolver = recipient -> {
        asked.add(recipient);
        return ROUTES.getOrDefault(recipient, List.of());
    };

    private static DeliveryOutcome delivered(String id) {
        return new DeliveryOutcome.Delivered(id);
    }

    @Test
    void plainMailboxesMapOneToOne() {
        RecipientExpansion expansion = RecipientExpansion.of(List.of(ALICE, BOB), resolver);

        assertThat(expansion.mailboxes()).containsExactly(ALICE, BOB);
        assertThat(expansion.outcomes(List.of(delivered("a"), new DeliveryOutcome.Suspended())))
                .containsExactly(delivered("a"), new DeliveryOutcome.Suspended());
    }

    @Test
    void eachMailboxIsStoredIntoOnceHoweverManyRecipientsLeadToIt() {
        RecipientExpansion expansion = RecipientExpansion.of(List.of(SALES, BOB, TEAM, ALICE), resolver);

        assertThat(expansion.mailboxes()).containsExactly(ALICE, BOB, CAROL);
        assertThat(expansion.outcomes(List.of(delivered("a"), delivered("b"), delivered("c"))))
                .containsExactly(delivered("a"), delivered("b"), delivered("b"), delivered("a"));
    }

    @Test
    void aRepeatedRecipientIsResolvedOnceAndAnsweredEachTime() {
        RecipientExpansion expansion = RecipientExpansion.of(List.of(SALES, SALES, GHOST, GHOST), resolver);

        assertThat(asked).containsExactly(SALES, GHOST);
        assertThat(expansion.mailboxes()).containsExactly(ALICE, BOB);
        assertThat(expansion.outcomes(List.of(delivered("a"), delivered("b")))).containsExactly(
                delivered("a"), delivered("a"), new DeliveryOutcome.NoSuchMailbox(), new DeliveryOutcome.NoSuchMailbox());
    }

    @Test
    void anAliasTakesTheFirstFailureOfItsTargetsAndAPlainMailboxOnlyItsOwn() {
        RecipientExpansion expansion = RecipientExpansion.of(List.of(TEAM, SALES, ALICE), resolver);
        DeliveryOutcome full = new DeliveryOutcome.OverQuota("mailbox storage limit");
        DeliveryOutcome later = new DeliveryOutcome.TemporaryFailure("disk");

        assertThat(expansion.mailboxes()).containsExactly(BOB, CAROL, ALICE);
        assertThat(expansion.outcomes(List.of(full, later, delivered("a"))))
                .containsExactly(full, full, delivered("a"));
        assertThat(expansion.outcomes(List.of(delivered("b"), later, delivered("a"))))
                .containsExactly(later, delivered("a"), delivered("a"));
    }

    @Test
    void aRecipientOfNoMailboxIsUnknownAndStoresNothing() {
        RecipientExpansion expansion = RecipientExpansion.of(List.of(GHOST), resolver);

        assertThat(expansion.mailboxes()).isEmpty();
        assertThat(expansion.outcomes(List.of())).containsExactly(new DeliveryOutcome.NoSuchMailbox());
        assertThat(RecipientExpansion.of(List.of(), resolver).outcomes(List.of())).isEmpty();
    }

    @Test
    void aStoreErrorWhileResolvingFailsThatRecipientTemporarilyOnly() {
        StoreUnavailableException down = new StoreUnavailableException("aliases unreadable");
        RecipientExpansion expansion = RecipientExpansion.of(List.of(ALICE, SALES), recipient -> {
            if (recipient.equals(SALES)) {
                throw down;
            }
            return List.of(recipient);
        });

        assertThat(expansion.mailboxes()).containsExactly(ALICE);
        assertThat(expansion.failures()).containsExactly(down);
        assertThat(expansion.outcomes(List.of(delivered("a")))).containsExactly(
                delivered("a"), new DeliveryOutcome.TemporaryFailure(RecipientExpansion.UNRESOLVED));
    }

    @Test
    void anyOtherResolverFailureIsNotSwallowed() {
        assertThatThrownBy(() -> RecipientExpansion.of(List.of(ALICE), recipient -> {
            throw new IllegalStateException("bug");
        })).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theOutcomesMustMatchTheMailboxes() {
        RecipientExpansion expansion = RecipientExpansion.of(List.of(SALES), resolver);

        assertThatThrownBy(() -> expansion.outcomes(List.of(delivered("a"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 outcomes for 2 mailboxes");
    }

    @Test
    void theRefusalOfAnAliasIsTheFirstRefusalAmongItsTargets() {
        Map<MailboxAddress, Optional<DeliveryOutcome>> refusals = Map.of(
                ALICE, Optional.empty(),
                BOB, Optional.of(new DeliveryOutcome.OverQuota("bob is full")),
                CAROL, Optional.of(new DeliveryOutcome.Suspended()));

        assertThat(RecipientExpansion.refusal(List.of(ALICE), refusals::get)).isEmpty();
        assertThat(RecipientExpansion.refusal(List.of(ALICE, CAROL, BOB), refusals::get))
                .contains(new DeliveryOutcome.Suspended());
        assertThat(RecipientExpansion.refusal(List.of(), refusals::get)).contains(new DeliveryOutcome.NoSuchMailbox());
    }

    @Test
    void theDirectoryRefusalResolvesThenChecksEachTargetWithTheRecipientCheck() {
        Directory directory = new StubDirectory(address -> address.equals(ALICE) || address.equals(BOB)
                ? Optional.of(new Account(address, "{PLAIN}x")) : Optional.empty()) {
            @Override
            public List<MailboxAddress> resolve(MailboxAddress recipient) {
                return ROUTES.getOrDefault(recipient, List.of());
            }

            @Override
            public MailboxQuotaReport mailboxQuota(MailboxAddress address) {
                // bob has room for 100 more octets.
                return new MailboxQuotaReport(address, address.equals(BOB) ? new MailboxQuota(1000, 0) : MailboxQuota.UNLIMITED,
                        new QuotaUsage(900, 1));
            }
        };

        assertThat(RecipientExpansion.refusal(directory, SALES, 100)).isEmpty();
        assertThat(RecipientExpansion.refusal(directory, SALES, 101)).hasValueSatisfying(refusal ->
                assertThat(refusal).isInstanceOf(DeliveryOutcome.OverQuota.class));
        // team leads to carol, who has no account (removed since the alias was read): unknown.
        assertThat(RecipientExpansion.refusal(directory, TEAM, 0)).contains(new DeliveryOutcome.NoSuchMailbox());
        assertThat(RecipientExpansion.refusal(directory, GHOST, 0)).contains(new DeliveryOutcome.NoSuchMailbox());
    }
}
