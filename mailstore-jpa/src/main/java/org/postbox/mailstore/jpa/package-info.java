/**
 * The PostgreSQL mail store ({@code store.type: jpa}), safe to share between several daemons and
 * the CLI.
 *
 * <ul>
 *   <li>Schema: versioned Flyway migrations in {@code db/migration}; Hibernate only validates its
 *       mapping against them at start. Domains, mailboxes (credentials, usage, optional limits) and
 *       their app passwords are entities used through sessions; delivery, maildrop listing and
 *       locking are plain SQL on the same pool, where an entity graph would be waste.</li>
 *   <li>Bodies: fixed-size {@code bytea} chunks written in the delivering transaction together with
 *       the message row and the usage counters, and read back one chunk at a time.</li>
 *   <li>Quotas: usage counters of mailboxes and domains changed by the transactions that change
 *       mail, each delivery checked against the usage returned by its own row updates (mailbox row,
 *       then domain row), so concurrent deliveries queue on those rows and never pass a limit;
 *       limits and suspension flags are columns, NULL for unlimited.</li>
 *   <li>Unique ids: the mailbox's uid validity and the message's id from a sequence, never reused.</li>
 *   <li>Maildrop locks: lease rows on the database clock, renewed by their holder, taken over only
 *       once expired, and checked again inside the transaction that deletes (fencing).</li>
 *   <li>Failures: every database failure reaches the SPI as a typed store error; the pool waits at
 *       most five seconds for a connection and recovers by itself when the database returns.</li>
 * </ul>
 */
package org.postbox.mailstore.jpa;
