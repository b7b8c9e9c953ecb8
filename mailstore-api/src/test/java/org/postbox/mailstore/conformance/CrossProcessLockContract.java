package org.postbox.mailstore.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.postbox.mailstore.conformance.TestMessages.message;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MaildropLockedException;

/**
 * The maildrop lock between processes: a second JVM ({@link LockHolderMain}) opens the same store
 * through its provider. While it holds a maildrop this process is refused; once it exits, however
 * it exits, the lock is free again and nothing was deleted.
 */
public interface CrossProcessLockContract extends ConformanceFixture {

    @Test
    default void aMaildropHeldByAnotherProcessIsInUseHere() throws Exception {
        MailboxAddress alice = mailbox("alice@example.org");
        deliver(alice, message("kept"));

        try (LockHolderProcess child = LockHolderProcess.start(storeLocation(), alice, scratchDirectory())) {
            assertThat(child.nextStatus()).isEqualTo(LockHolderMain.LOCKED);

            assertThatThrownBy(() -> store().open(alice)).isInstanceOf(MaildropLockedException.class);
            assertThatThrownBy(() -> secondInstance().open(alice)).isInstanceOf(MaildropLockedException.class);
            assertThatThrownBy(() -> directory().removeMailbox(alice)).isInstanceOf(MaildropLockedException.class);

            child.release();
            assertThat(child.nextStatus()).isEqualTo(LockHolderMain.RELEASED);
            assertThat(child.awaitExit()).isEqualTo(LockHolderMain.EXIT_RELEASED);
        }
        assertThat(listing(alice)).hasSize(1);
    }

    @Test
    default void aMaildropHeldHereIsInUseForAnotherProcess() throws Exception {
        MailboxAddress alice = mailbox("alice@example.org");

        try (Maildrop held = store().open(alice);
             LockHolderProcess child = LockHolderProcess.start(storeLocation(), alice, scratchDirectory())) {
            assertThat(child.nextStatus()).isEqualTo(LockHolderMain.IN_USE);
            assertThat(child.awaitExit()).isEqualTo(LockHolderMain.EXIT_IN_USE);
            assertThat(held.address()).isEqualTo(alice);
        }
    }

    @Test
    default void aKilledLockHolderLeavesNoStaleLock() throws Exception {
        MailboxAddress alice = mailbox("alice@example.org");
        deliver(alice, message("survives the crash"));

        try (LockHolderProcess child = LockHolderProcess.start(storeLocation(), alice, scratchDirectory())) {
            assertThat(child.nextStatus()).isEqualTo(LockHolderMain.LOCKED);
            assertThatThrownBy(() -> store().open(alice)).isInstanceOf(MaildropLockedException.class);

            child.kill();
            child.awaitExit();
        }

        assertEventuallyFree(alice);
    }

    @Test
    default void aLockHolderHaltingWithoutCleanupLeavesNoStaleLock() throws Exception {
        MailboxAddress alice = mailbox("alice@example.org");
        deliver(alice, message("survives the halt"));

        try (LockHolderProcess child = LockHolderProcess.start(storeLocation(), alice, scratchDirectory())) {
            assertThat(child.nextStatus()).isEqualTo(LockHolderMain.LOCKED);

            child.halt();
            assertThat(child.awaitExit()).isEqualTo(LockHolderMain.EXIT_HALTED);
        }

        assertEventuallyFree(alice);
    }

    private void assertEventuallyFree(MailboxAddress address) {
        await().atMost(staleLockRecovery().plus(Duration.ofSeconds(10)))
                .pollInterval(Duration.ofMillis(50))
                .ignoreException(MaildropLockedException.class)
                .untilAsserted(() -> {
                    try (Maildrop maildrop = store().open(address)) {
                        assertThat(maildrop.messages()).as("nothing deleted by the dead session").hasSize(1);
                    }
                });
    }
}
