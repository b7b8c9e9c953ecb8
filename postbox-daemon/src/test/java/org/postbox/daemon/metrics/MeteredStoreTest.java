package org.postbox.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.DomainQuota;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailStoreProvider;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MaildropLockedException;
import org.postbox.mailstore.MessageSource;
import org.postbox.mailstore.NoSuchMailboxException;

/** The store's decorators: behaviour passed on unchanged, every call timed, refusals counted. */
class MeteredStoreTest {

    private static final MailboxAddress ALICE = MailboxAddress.parse("alice@example.com");
    private static final byte[] MESSAGE = "Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final StoreTimers timers = new StoreTimers(registry);

    @Test
    void everyMethodOfTheStoreInterfacesIsPassedOnExplicitly() {
        // A default method left to the interface would run the default, not the backend's own.
        assertPassesOnEverything(MailStore.class, MeteredMailStore.class);
        assertPassesOnEverything(Directory.class, MeteredDirectory.class);
        assertPassesOnEverything(Maildrop.class, MeteredMaildrop.class);
    }

    @Test
    void aLockConflictIsCountedAndEveryCallIsTimedByResult() {
        try (MailStore store = new MeteredMailStore(maildir(), timers)) {
            store.directory().addDomain("example.com");
            store.directory().addMailbox(ALICE, "{PLAIN}secret");
            store.deliver(List.of(ALICE), MessageSource.of(MESSAGE));

            try (Maildrop first = store.open(ALICE)) {
                assertThatThrownBy(() -> store.open(ALICE)).isInstanceOf(MaildropLockedException.class);
                first.content(1);
                first.commit(new java.util.BitSet());
            }
            assertThatThrownBy(() -> store.open(MailboxAddress.parse("bob@example.com")))
                    .isInstanceOf(NoSuchMailboxException.class);

            assertThat(registry.get(MeterNames.LOCK_CONFLICTS).counter().count()).isEqualTo(1);
            assertThat(count("open", "ok")).isEqualTo(1);
            assertThat(count("open", "refused")).isEqualTo(2);
            assertThat(count("content", "ok")).isEqualTo(1);
            assertThat(count("commit", "ok")).isEqualTo(1);
            assertThat(count("close", "ok")).isEqualTo(1);
            assertThat(count("deliver", "ok")).isEqualTo(1);
            assertThat(count("add_domain", "ok")).isEqualTo(1);
            assertThat(count("add_mailbox", "ok")).isEqualTo(1);
        }
    }

    @Test
    void quotaRefusalsAreCountedWhenTheRecipientIsCheckedAndWhenTheMessageIsStored() {
        try (MailStore store = new MeteredMailStore(maildir(), timers)) {
            store.directory().addDomain("example.com");
            store.directory().addMailbox(ALICE, "{PLAIN}secret");
            store.directory().setMailboxQuota(ALICE, new MailboxQuota(MESSAGE.length, 0));
            store.deliver(List.of(ALICE), MessageSource.of(MESSAGE));

            assertThat(store.directory().deliveryRefusal(ALICE, MESSAGE.length)).get()
                    .isInstanceOf(DeliveryOutcome.OverQuota.class);
            assertThat(store.deliver(List.of(ALICE), MessageSource.of(MESSAGE)).get(0))
                    .isInstanceOf(DeliveryOutcome.OverQuota.class);
            store.directory().setDomainQuota("example.com", DomainQuota.UNLIMITED);

            assertThat(registry.get(MeterNames.QUOTA_REJECTIONS).tag("stage", "recipient").counter().count()).isEqualTo(1);
            assertThat(registry.get(MeterNames.QUOTA_REJECTIONS).tag("stage", "delivery").counter().count()).isEqualTo(1);
            assertThat(count("delivery_refusal", "ok")).isEqualTo(1);
            assertThat(count("set_domain_quota", "ok")).isEqualTo(1);
        }
    }

    @Test
    void theStoresOwnMetersAreHandedOn() {
        try (MailStore store = new MeteredMailStore(maildir(), timers)) {
            assertThat(store.meters()).isEmpty();
            assertThat(store.directory().mailboxes(Optional.empty())).isEmpty();
        }
    }

    private long count(String operation, String result) {
        return registry.get(MeterNames.STORE_OPERATION_DURATION).tags("operation", operation, "result", result)
                .timer().count();
    }

    private MailStore maildir() {
        return MailStoreProvider.forType("maildir").open(Map.of("path", dir.toString(), "fsync", false), dir);
    }

    private static void assertPassesOnEverything(Class<?> api, Class<?> decorator) {
        List<Method> methods = Arrays.stream(api.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass() != Object.class)
                .toList();
        assertThat(methods).isNotEmpty();
        for (Method method : methods) {
            assertThat(declares(decorator, method))
                    .as("%s passes on %s", decorator.getSimpleName(), method)
                    .isTrue();
        }
    }

    private static boolean declares(Class<?> type, Method method) {
        try {
            type.getDeclaredMethod(method.getName(), method.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
