package org.postbox.mailstore;

/**
 * One message of a maildrop snapshot.
 *
 * @param uniqueId stable unique id (RFC 1939 UIDL): 1 to 70 characters in 0x21..0x7E, never
 *                 reused within the mailbox, unchanged for the message's whole life
 * @param size     exact octets of the message as POP3 transmits it: every line end as CRLF
 *                 (see {@link CrlfSize}), before dot-stuffing and without the terminating line
 */
public record MessageInfo(String uniqueId, long size) {
}
