package org.postbox.cli.transfer;

/**
 * How far a run has come, for a progress line.
 *
 * @param mailboxesDone  mailboxes finished
 * @param mailboxesTotal mailboxes in all
 * @param messages       messages stored so far (on a dry run: counted)
 * @param octets         their octets
 */
public record Progress(int mailboxesDone, int mailboxesTotal, long messages, long octets) {
}
