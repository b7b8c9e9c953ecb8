package org.postbox.benchmarks.compare;

/**
 * One complete POP3 reply as the client saw it.
 *
 * @param status  the status line without its CRLF
 * @param octets  for a multi-line reply, its content in octets (CRLF line ends, dots un-stuffed)
 * @param crc     for {@link ReplyShape#MESSAGE}, CRC-32 of that content, else 0
 * @param lines   for a multi-line reply, its number of lines
 * @param benchId for {@link ReplyShape#MESSAGE}, the {@code X-Bench-Id} of its first line, else -1
 */
record Reply(String status, long octets, long crc, int lines, int benchId) {

    boolean ok() {
        return status.startsWith("+OK");
    }

    /** RFC 3206's temporary failure: the server refused for now (load, limits), not the password. */
    boolean refusedForNow() {
        return status.startsWith("-ERR [SYS/TEMP]") || status.startsWith("-ERR [IN-USE]");
    }
}
