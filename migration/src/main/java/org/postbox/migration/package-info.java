/**
 * Readers of other mail servers' installations, for importing them into Postbox (issue 12)
 * without clients seeing a change: accounts with their password hashes, where each mailbox's
 * Maildir is, and every message's POP3 UIDL and position as the old server listed them.
 *
 * <p>Readers only read: nothing here writes to a store or to the files read. Each returns records;
 * what cannot be taken over is a {@link org.postbox.migration.SourceProblem} naming the file and
 * line, and the reader goes on with the rest, since one bad line must not stop an import. A file
 * that cannot be read at all is a {@link org.postbox.migration.SourceFormatException}. Files are
 * read a line at a time ({@link org.postbox.migration.TextLines}) and messages only as far as
 * their header section, and only when a UIDL depends on it.
 *
 * <p>This package holds what Dovecot and Courier share: Maildir file names, Maildir++ quotas,
 * the X-UIDL header, UIDL validity (RFC 1939) and password classification;
 * {@link org.postbox.migration.dovecot} and {@link org.postbox.migration.courier} hold the rest.
 */
package org.postbox.migration;
