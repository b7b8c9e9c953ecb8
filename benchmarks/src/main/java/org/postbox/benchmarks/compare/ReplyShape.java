package org.postbox.benchmarks.compare;

/** What follows a command's status line, and how much of it the client checks. */
enum ReplyShape {
    /** A status line alone (USER, PASS, STAT, QUIT, a greeting). */
    SINGLE,
    /** After {@code +OK}, dot-terminated lines that are counted (LIST, UIDL). */
    LINES,
    /** After {@code +OK}, a message whose size and CRC-32 are computed after un-stuffing (RETR). */
    MESSAGE
}
