package org.postbox.mailstore;

/** A mailbox as listed by the directory: its address, message count and stored octets. */
public record Mailbox(MailboxAddress address, int messageCount, long storedOctets) {
}
