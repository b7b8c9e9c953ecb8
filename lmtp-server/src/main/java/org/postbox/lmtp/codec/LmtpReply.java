package org.postbox.lmtp.codec;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A server reply (RFC 5321 section 4.2): a three-digit code, an RFC 3463 enhanced status code
 * (RFC 2034) and one or more lines of text. The status is null only where RFC 2034 section 3
 * exempts a reply from it: the greeting and the LHLO reply, which come before the client can know
 * that the server sends them.
 *
 * <pre>
 *   LmtpReply.of(550, "5.1.1", "&lt;bob@example.com&gt; no such mailbox")
 *   -&gt; "550 5.1.1 &lt;bob@example.com&gt; no such mailbox\r\n"
 * </pre>
 *
 * @param code   200 to 599
 * @param status {@code class.subject.detail} whose class matches the code's first digit (2 for a
 *               354), or null
 * @param lines  at least one line; CR, LF and other control characters are sent as spaces
 */
public record LmtpReply(int code, String status, List<String> lines) {

    private static final Pattern STATUS = Pattern.compile("[245]\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})");

    public LmtpReply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("reply code must be 200 to 599, got " + code);
        }
        if (status != null) {
            if (!STATUS.matcher(status).matches()) {
                throw new IllegalArgumentException("not an enhanced status code: " + status);
            }
            // RFC 3463 has no class 3: an intermediate reply (354) goes on with success codes.
            char expectedClass = code / 100 == 3 ? '2' : (char) ('0' + code / 100);
            if (status.charAt(0) != expectedClass) {
                throw new IllegalArgumentException("status " + status + " does not match reply code " + code);
            }
        }
        lines = List.copyOf(Objects.requireNonNull(lines, "lines"));
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply needs at least one line");
        }
    }

    /** A one-line reply with an enhanced status code. */
    public static LmtpReply of(int code, String status, String text) {
        return new LmtpReply(code, Objects.requireNonNull(status, "status"), List.of(text));
    }

    /** The text of a one-line reply, or of its first line. */
    public String text() {
        return lines.get(0);
    }

    /** The reply as it goes on the wire, one entry per line, without line ends. */
    public List<String> wireLines() {
        String prefix = status == null ? "" : status + " ";
        String[] out = new String[lines.size()];
        for (int i = 0; i < out.length; i++) {
            char separator = i == out.length - 1 ? ' ' : '-';
            out[i] = code + String.valueOf(separator) + prefix + lines.get(i);
        }
        return List.of(out);
    }
}
