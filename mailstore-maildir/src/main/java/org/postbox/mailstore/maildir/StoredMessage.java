package org.postbox.mailstore.maildir;

import java.nio.file.attribute.FileTime;

/**
 * A message file found in {@code new/} or {@code cur/}.
 *
 * @param folder       {@code new} or {@code cur}, where the file was when listed
 * @param name         its parsed file name
 * @param fileSize     the file's length in octets
 * @param modified     the file's mtime when listed
 * @param sortSeconds  delivery time for ordering: the name's leading seconds, else the file's mtime
 */
record StoredMessage(String folder, MessageFileName name, long fileSize, FileTime modified, long sortSeconds) {

    /** Whether the W= field can be trusted: present, and the S= field (if any) matches the file. */
    boolean hasTrustedCrlfSize() {
        return name.crlfSize().isPresent()
                && (name.storedSize().isEmpty() || name.storedSize().getAsLong() == fileSize);
    }
}
