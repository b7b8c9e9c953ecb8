package org.postbox.mailstore.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.postbox.mailstore.conformance.TestMessages.message;

import java.util.BitSet;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageSource;
import org.postbox.mailstore.StoreUnavailableException;

/**
 * A store after {@link MailStore#close()}: every backend gives the same answer,
 * {@link StoreUnavailableException}, and its sessions end as a dropped connection's would.
 */
public interface ClosedStoreContract extends ConformanceFixture {

    @Test
    default void openingAMaildropOfAClosedStoreIsRefusedAsUnavailable() {
        MailboxAddress alice = mailbox("alice@example.org");

        store().close();

        assertThatThrownBy(() -> store().open(alice)).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("closed");
        try (Maildrop maildrop = secondInstance().open(alice)) {
            assertThat(maildrop.messages()).isEmpty(); // and the refused open left no lock behind
        }
    }

    @Test
    default void deliveringThroughAClosedStoreIsRefusedAsUnavailableAndStoresNothing() {
        MailboxAddress alice = mailbox("alice@example.org");

        store().close();

        assertThatThrownBy(() -> store().deliver(List.of(alice), MessageSource.of(message("late"))))
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("closed");
        try (Maildrop maildrop = secondInstance().open(alice)) {
            assertThat(maildrop.messages()).isEmpty();
        }
    }

    @Test
    default void theDirectoryOfAClosedStoreIsUnavailable() {
        store().close();

        assertThatThrownBy(() -> store().directory()).isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    default void theAdminTokensOfAClosedStoreAreUnavailable() {
        store().close();

        assertThatThrownBy(() -> store().adminTokens()).isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    default void aSessionOpenWhenTheStoreClosesCanNoLongerDeleteAndHasReleasedItsLock() {
        MailboxAddress alice = mailbox("alice@example.org");
        deliver(alice, message("a"));
        Maildrop session = store().open(alice);

        store().close();
        store().close();

        BitSet first = new BitSet();
        first.set(1);
        assertThatThrownBy(() -> session.commit(first)).isInstanceOf(IllegalStateException.class);
        session.close();
        try (Maildrop maildrop = secondInstance().open(alice)) {
            assertThat(maildrop.messages()).hasSize(1);
        }
    }
}
