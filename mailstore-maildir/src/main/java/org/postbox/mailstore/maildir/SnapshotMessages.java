package org.postbox.mailstore.maildir;

import java.util.AbstractList;
import java.util.RandomAccess;

import org.postbox.mailstore.MessageInfo;

/**
 * A maildrop snapshot as the SPI's list of {@link MessageInfo}, made on demand from the compact
 * {@link MessageOrder}: STAT and UIDL over a million messages create short-lived objects only.
 * Unmodifiable.
 */
final class SnapshotMessages extends AbstractList<MessageInfo> implements RandomAccess {

    private final MessageOrder table;

    SnapshotMessages(MessageOrder table) {
        this.table = table;
    }

    @Override
    public MessageInfo get(int index) {
        if (index < 0 || index >= table.size()) {
            throw new IndexOutOfBoundsException("no message at index " + index + " of " + table.size());
        }
        return new MessageInfo(table.uniqueId(index), table.crlfSize(index));
    }

    @Override
    public int size() {
        return table.size();
    }
}
