package org.postbox.mailstore.spi;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.StoreUnavailableException;

/**
 * The maildrops a store has open in this process, and whether the store is closed: what
 * {@link org.postbox.mailstore.MailStore#close()} must release, and the one answer every backend
 * gives once it is closed ({@link StoreUnavailableException}). Thread-safe.
 *
 * <p>A store registers each maildrop once it is open ({@link #add}) and the maildrop removes
 * itself when it closes ({@link #remove}). Opening may race with closing the store: either the
 * store's close sees the new maildrop, or {@link #add} sees the store closed and closes the
 * maildrop itself; possibly both, which is why a maildrop's close must be idempotent.
 *
 * @param <M> the backend's maildrop type
 */
public final class OpenMaildrops<M extends Maildrop> {

    private final String storeName;
    private final Set<M> open = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** @param storeName names the store in the error after close, e.g. {@code maildir} */
    public OpenMaildrops(String storeName) {
        this.storeName = Objects.requireNonNull(storeName, "storeName");
    }

    /** @throws StoreUnavailableException if the store has been closed */
    public void checkStoreOpen() {
        if (closed.get()) {
            throw closedError();
        }
    }

    /**
     * Registers a maildrop just opened.
     *
     * @throws StoreUnavailableException if the store was closed meanwhile; the maildrop is closed then
     */
    public M add(M maildrop) {
        open.add(maildrop);
        // Added before the check: a close that began before the add either saw it or is seen here.
        if (closed.get()) {
            maildrop.close();
            open.remove(maildrop);
            throw closedError();
        }
        return maildrop;
    }

    /** Forgets a maildrop that has closed. */
    public void remove(M maildrop) {
        open.remove(maildrop);
    }

    /**
     * Marks the store closed and hands each maildrop open now to {@code closeEach}, the first time
     * only.
     *
     * @return false, doing nothing, if the store was closed already
     */
    public boolean closeStore(Consumer<? super M> closeEach) {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        for (M maildrop : List.copyOf(open)) {
            closeEach.accept(maildrop);
        }
        open.clear();
        return true;
    }

    private StoreUnavailableException closedError() {
        return new StoreUnavailableException("the " + storeName + " store has been closed");
    }
}
