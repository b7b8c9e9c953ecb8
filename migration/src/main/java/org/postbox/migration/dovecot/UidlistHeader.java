package org.postbox.migration.dovecot;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The first line of a {@code dovecot-uidlist}: {@code 3 V<uidvalidity> N<nextuid> G<guid>} in
 * version 3 (Dovecot 1.1 and later; other fields may follow, in any order), or
 * {@code 1 <uidvalidity> <nextuid>} in version 1 (Dovecot 1.0, same as Courier's
 * {@code courierimapuiddb}).
 *
 * @param version     1 or 3
 * @param uidValidity the IMAP UIDVALIDITY: {@code %v} of {@code pop3_uidl_format}
 * @param nextUid     the UID for the next message, as the header says it (appending writers
 *                    leave it behind: records may have larger UIDs)
 * @param guid        the mailbox GUID, in version 3 when present
 * @param otherFields version 3 header fields this reader does not know, as written
 */
public record UidlistHeader(int version, long uidValidity, long nextUid, Optional<String> guid, List<String> otherFields) {

    public UidlistHeader {
        Objects.requireNonNull(guid, "guid");
        otherFields = List.copyOf(otherFields);
    }
}
