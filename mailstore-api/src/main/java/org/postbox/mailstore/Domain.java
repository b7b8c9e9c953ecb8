package org.postbox.mailstore;

/** A tenant: a mail domain and the number of mailboxes it holds. */
public record Domain(String name, int mailboxCount) {
}
