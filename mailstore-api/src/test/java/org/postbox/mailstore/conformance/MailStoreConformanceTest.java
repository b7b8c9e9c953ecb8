package org.postbox.mailstore.conformance;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.QuotaUsage;

/**
 * The contract of the store SPI, run once per backend. A backend's test extends this class and
 * prepares empty storage for each test; the suite opens it through the backend's
 * {@link org.postbox.mailstore.MailStoreProvider}, as the daemon and the CLI do:
 *
 * <pre>
 * class MaildirConformanceTest extends MailStoreConformanceTest {
 *     &#64;TempDir Path dir;
 *
 *     &#64;Override
 *     protected StoreLocation prepareEmptyStore() {
 *         return new StoreLocation("maildir", Map.of("path", "mail"), dir);
 *     }
 *
 *     &#64;Override
 *     protected void injectUsageDrift(StoreLocation location, MailboxAddress address, QuotaUsage wrong) {
 *         // write the backend's usage record of the mailbox behind the store's back
 *     }
 * }
 * </pre>
 *
 * The stores are closed after each test; {@link MailStore#close()} may thus be called twice.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class MailStoreConformanceTest implements DirectoryContract, DeliveryContract, MessageSizeContract,
        MaildropContract, MaildropLockContract, ConcurrencyContract, CrossProcessLockContract, QuotaContract,
        AppPasswordContract, ClosedStoreContract, ImportContract, AliasContract, AliasDeliveryContract, RenameContract,
        MailboxAccessContract, AdminTokenContract, RepeatedDeliveryContract,
        QuotaWarningContract, HistoryContract, LoginDelayContract, RetentionContract {

    @TempDir
    Path scratch;

    private StoreLocation location;
    private MailStore store;
    private MailStore second;

    /** Fresh, empty storage for one test, and how to open it through the provider. */
    protected abstract StoreLocation prepareEmptyStore() throws Exception;

    /**
     * Makes the backend record {@code wrong} as the usage of {@code address} without touching its
     * messages, as a crash or another program may leave it, for the recalculation tests.
     */
    protected abstract void injectUsageDrift(StoreLocation location, MailboxAddress address, QuotaUsage wrong)
            throws Exception;

    /** The store under test; by default opened through the provider. */
    protected MailStore createStore(StoreLocation location) {
        return location.open();
    }

    /** Another instance over the same data, as a second daemon or the CLI would open it. */
    protected MailStore openSecondInstance(StoreLocation location) {
        return location.open();
    }

    @Override
    public Duration staleLockRecovery() {
        return Duration.ZERO;
    }

    @BeforeEach
    final void openStore() throws Exception {
        location = prepareEmptyStore();
        store = createStore(location);
    }

    @AfterEach
    final void closeStores() {
        if (second != null) {
            second.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Override
    public final void recordWrongUsage(MailboxAddress address, QuotaUsage wrong) throws Exception {
        injectUsageDrift(location, address, wrong);
    }

    @Override
    public final MailStore store() {
        return store;
    }

    @Override
    public final synchronized MailStore secondInstance() {
        if (second == null) {
            second = openSecondInstance(location);
        }
        return second;
    }

    @Override
    public final StoreLocation storeLocation() {
        return location;
    }

    @Override
    public final Path scratchDirectory() {
        return scratch;
    }
}
