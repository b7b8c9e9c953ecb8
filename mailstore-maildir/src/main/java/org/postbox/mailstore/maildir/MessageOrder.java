package org.postbox.mailstore.maildir;

import java.util.BitSet;

/**
 * A maildrop's messages by message number: the snapshot's messages (in delivery order) renumbered
 * by the UIDL map ({@link UidlMapping}): the mapped ones first, in the map's order and under its
 * UIDLs, then the others in delivery order under their own. Numbers here count from 0; the
 * number-to-file array is made once per session, an int per message. Immutable.
 */
final class MessageOrder {

    private final MaildropSnapshot files;
    private final UidlMapping mapping;
    // Message k is the snapshot's message numbers[k]; null when that is k itself (nothing mapped).
    private final int[] numbers;

    MessageOrder(MaildropSnapshot files, UidlMapping mapping) {
        this.files = files;
        this.mapping = mapping;
        this.numbers = mapping.size() == 0 ? null : numbering(files.size(), mapping);
    }

    /** A snapshot without a UIDL map. */
    static MessageOrder of(MaildropSnapshot files) {
        return new MessageOrder(files, UidlMapping.NONE);
    }

    private static int[] numbering(int size, UidlMapping mapping) {
        if (mapping.size() == size) {
            return mapping.files(); // every message mapped, as after an import: the map's order is the numbering
        }
        int[] numbers = new int[size];
        BitSet mapped = new BitSet(size);
        for (int k = 0; k < mapping.size(); k++) {
            numbers[k] = mapping.file(k);
            mapped.set(mapping.file(k));
        }
        int k = mapping.size();
        for (int n = mapped.nextClearBit(0); n < size; n = mapped.nextClearBit(n + 1)) {
            numbers[k++] = n;
        }
        return numbers;
    }

    MaildropSnapshot files() {
        return files;
    }

    UidlMapping mapping() {
        return mapping;
    }

    int size() {
        return files.size();
    }

    /** The snapshot's index of message {@code k}. */
    int file(int k) {
        return numbers == null ? k : numbers[k];
    }

    /** The UIDL of message {@code k}: the map's, else the file's own, unless a mapped message has that. */
    String uniqueId(int k) {
        if (k < mapping.size()) {
            return mapping.uidl(k);
        }
        int n = file(k);
        if (mapping.displaced().length > 0 && mapping.isDisplaced(n)) {
            return MessageFileName.hashedId(files.baseName(n));
        }
        return files.uniqueId(n);
    }

    long crlfSize(int k) {
        return files.crlfSize(file(k));
    }
}
