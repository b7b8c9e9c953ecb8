package org.postbox.mailstore.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.postbox.mailstore.conformance.TestMessages.PASSWORD_HASH;
import static org.postbox.mailstore.conformance.TestMessages.message;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.postbox.mailstore.Alias;
import org.postbox.mailstore.AliasConflictException;
import org.postbox.mailstore.AliasName;
import org.postbox.mailstore.AlreadyExistsException;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.Domain;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.NoSuchAliasException;
import org.postbox.mailstore.NoSuchDomainException;

/**
 * Aliases and catch-alls in the directory ({@link Directory#setAlias}, {@link Directory#aliases},
 * {@link Directory#removeAlias}, {@link Directory#resolve}) and what they forbid elsewhere.
 */
public interface AliasContract extends ConformanceFixture {

    static Alias alias(String name, MailboxAddress... targets) {
        return new Alias(AliasName.parse(name), List.of(targets));
    }

    @Test
    default void anAliasIsListedAndResolvesToItsTargetsInTheirOrder() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress carol = mailbox("carol@example.net");

        directory().setAlias(alias("Sales@Example.org", carol, alice));

        assertThat(directory().aliases("example.org")).containsExactly(alias("sales@example.org", carol, alice));
        assertThat(directory().aliases("example.net")).isEmpty();
        assertThat(directory().resolve(MailboxAddress.parse("sales@example.org"))).containsExactly(carol, alice);
        assertThat(directory().resolve(alice)).containsExactly(alice);
        assertThat(directory().resolve(MailboxAddress.parse("nobody@example.org"))).isEmpty();
        assertThat(directory().resolve(MailboxAddress.parse("sales@unknown.example"))).isEmpty();
        assertThat(secondInstance().directory().aliases("example.org")).containsExactly(alias("sales@example.org", carol, alice));
    }

    @Test
    default void settingAnAliasAgainReplacesItsTargetsAndRepeatingItChangesNothing() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress bob = mailbox("bob@example.org");
        directory().setAlias(alias("sales@example.org", alice));

        directory().setAlias(alias("sales@example.org", bob, alice));
        directory().setAlias(alias("sales@example.org", bob, alice));

        assertThat(directory().aliases("example.org")).containsExactly(alias("sales@example.org", bob, alice));
        assertThat(directory().resolve(MailboxAddress.parse("sales@example.org"))).containsExactly(bob, alice);
        assertThat(directory().domains()).containsExactly(new Domain("example.org", 2, 1, false, true));
    }

    @Test
    default void aDomainListsItsCatchAllFirstThenItsAliasesByLocalPart() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress carol = mailbox("carol@example.net");
        directory().setAlias(alias("zeta@example.org", alice));
        directory().setAlias(alias("@example.org", carol));
        directory().setAlias(alias("alpha@example.org", alice, carol));
        directory().setAlias(alias("mid@example.org", alice));
        directory().setAlias(alias("other@example.net", alice));

        assertThat(directory().aliases("EXAMPLE.org")).extracting(a -> a.name().toString())
                .containsExactly("@example.org", "alpha@example.org", "mid@example.org", "zeta@example.org");
        assertThat(directory().aliases("example.net")).extracting(a -> a.name().toString())
                .containsExactly("other@example.net");
        assertThat(directory().domains()).containsExactly(
                new Domain("example.net", 1, 1, false, true), new Domain("example.org", 1, 4, false, true));
    }

    @Test
    default void theCatchAllTakesWhatIsNeitherAMailboxNorAnAliasOfItsDomain() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress bob = mailbox("bob@example.org");
        MailboxAddress carol = mailbox("carol@example.net");
        directory().setAlias(alias("sales@example.org", bob));
        directory().setAlias(alias("@example.org", carol, alice));

        assertThat(directory().resolve(MailboxAddress.parse("anything@example.org"))).containsExactly(carol, alice);
        assertThat(directory().resolve(MailboxAddress.parse("sales@example.org"))).containsExactly(bob);
        assertThat(directory().resolve(bob)).containsExactly(bob);
        assertThat(directory().resolve(MailboxAddress.parse("anything@example.net"))).isEmpty();
    }

    @Test
    default void anAliasTargetsExistingMailboxesOnlyNeverAnotherAlias() {
        MailboxAddress alice = mailbox("alice@example.org");
        directory().setAlias(alias("sales@example.org", alice));
        MailboxAddress ghost = MailboxAddress.parse("ghost@example.org");
        MailboxAddress sales = MailboxAddress.parse("sales@example.org");

        assertThatThrownBy(() -> directory().setAlias(alias("team@example.org", alice, ghost)))
                .isInstanceOf(AliasConflictException.class).hasMessageContaining("ghost@example.org");
        assertThatThrownBy(() -> directory().setAlias(alias("team@example.org", sales)))
                .isInstanceOf(AliasConflictException.class).hasMessageContaining("sales@example.org");
        assertThatThrownBy(() -> directory().setAlias(alias("sales@example.org", alice, sales)))
                .isInstanceOf(AliasConflictException.class);

        assertThat(directory().aliases("example.org")).containsExactly(alias("sales@example.org", alice));
    }

    @Test
    default void anAliasOfAMissingDomainIsRefused() {
        MailboxAddress alice = mailbox("alice@example.org");

        assertThatThrownBy(() -> directory().setAlias(alias("sales@nowhere.example", alice)))
                .isInstanceOf(NoSuchDomainException.class);
        assertThatThrownBy(() -> directory().setAlias(alias("@nowhere.example", alice)))
                .isInstanceOf(NoSuchDomainException.class);
        assertThatThrownBy(() -> directory().aliases("nowhere.example")).isInstanceOf(NoSuchDomainException.class);
        assertThat(directory().domains()).extracting(Domain::name).containsExactly("example.org");
    }

    @Test
    default void aliasesAndMailboxesShareOneNameSpace() {
        MailboxAddress alice = mailbox("alice@example.org");
        directory().setAlias(alias("sales@example.org", alice));

        assertThatThrownBy(() -> directory().setAlias(alias("alice@example.org", alice)))
                .isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> directory().addMailbox(MailboxAddress.parse("Sales@example.org"), PASSWORD_HASH))
                .isInstanceOf(AlreadyExistsException.class);

        assertThat(directory().account(MailboxAddress.parse("sales@example.org"))).isEmpty();
        assertThat(directory().mailboxes(Optional.empty())).extracting(m -> m.address()).containsExactly(alice);
        assertThat(directory().aliases("example.org")).containsExactly(alias("sales@example.org", alice));
    }

    @Test
    default void aRemovedAliasTakesNoMoreMailAndCannotBeRemovedTwice() {
        MailboxAddress alice = mailbox("alice@example.org");
        directory().setAlias(alias("sales@example.org", alice));
        directory().setAlias(alias("@example.org", alice));

        directory().removeAlias(AliasName.parse("sales@example.org"));

        // Now the catch-all's.
        assertThat(directory().resolve(MailboxAddress.parse("sales@example.org"))).containsExactly(alice);

        directory().removeAlias(AliasName.catchAll("example.org"));

        assertThat(directory().resolve(MailboxAddress.parse("sales@example.org"))).isEmpty();
        assertThat(directory().aliases("example.org")).isEmpty();
        assertThatThrownBy(() -> directory().removeAlias(AliasName.parse("sales@example.org")))
                .isInstanceOf(NoSuchAliasException.class);
        assertThatThrownBy(() -> directory().removeAlias(AliasName.catchAll("example.org")))
                .isInstanceOf(NoSuchAliasException.class);
        assertThatThrownBy(() -> directory().removeAlias(AliasName.parse("x@nowhere.example")))
                .isInstanceOf(NoSuchAliasException.class);
        // A freed name can become a mailbox.
        directory().addMailbox(MailboxAddress.parse("sales@example.org"), PASSWORD_HASH);
    }

    @Test
    default void removingADomainRemovesItsAliasesAndCatchAll() {
        MailboxAddress carol = mailbox("carol@example.net");
        directory().addDomain("example.org");
        directory().setAlias(alias("sales@example.org", carol));
        directory().setAlias(alias("@example.org", carol));

        directory().removeDomain("example.org");

        assertThat(directory().resolve(MailboxAddress.parse("sales@example.org"))).isEmpty();
        directory().addDomain("example.org");
        assertThat(directory().aliases("example.org")).isEmpty();
        assertThat(directory().resolve(MailboxAddress.parse("anyone@example.org"))).isEmpty();
        assertThat(directory().domains()).contains(new Domain("example.org", 0, 0, false, true));
    }

    @Test
    default void aMailboxThatAnAliasTargetsCannotBeRemoved() {
        MailboxAddress alice = mailbox("alice@example.org");
        MailboxAddress carol = mailbox("carol@example.net");
        deliver(alice, message("keep me"));
        directory().setAlias(alias("@example.net", carol, alice));

        assertThatThrownBy(() -> directory().removeMailbox(alice))
                .isInstanceOf(AliasConflictException.class).hasMessageContaining("@example.net");

        assertThat(directory().account(alice)).isPresent();
        assertThat(listing(alice)).hasSize(1);

        directory().setAlias(alias("@example.net", carol));
        directory().removeMailbox(alice);
        assertThat(directory().account(alice)).isEmpty();
    }
}
