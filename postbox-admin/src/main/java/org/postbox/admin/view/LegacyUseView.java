package org.postbox.admin.view;

/**
 * How often one kind of legacy access was used, and when last: {@code {"kind":"no-tls","mailboxes":2,
 * "logins":14,"last":"2026-12-06T08:59:00Z"}}.
 *
 * @param kind      {@code no-tls} (a login over a connection without TLS), {@code apop} or
 *                  {@code cram-md5}; a login without TLS by APOP counts under both kinds
 * @param mailboxes how many mailboxes used it (1 in a mailbox's own line)
 */
public record LegacyUseView(String kind, int mailboxes, long logins, String last) {
}
