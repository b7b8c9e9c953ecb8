package org.postbox.lmtp.session;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.postbox.mailstore.MailboxAddress;

/**
 * The lines prepended to each recipient's copy, as a delivery agent does:
 *
 * <pre>
 * Return-Path: &lt;sender@example.org&gt;
 * Delivered-To: alice@example.com
 * Received: from mx.example.net ([192.0.2.1])
 * 	by mail.example.com (Postbox) with LMTP id 5f3a9c01
 * 	for &lt;alice@example.com&gt;; Tue, 3 Jun 2025 11:05:30 +0200
 * </pre>
 *
 * {@code Return-Path} carries the envelope sender ({@code <>} for a bounce, RFC 5321 section
 * 4.4), {@code Delivered-To} the mailbox, {@code Received} the trace of RFC 5321 section 4.4 with
 * the protocol name of RFC 3848. The date is RFC 5322 section 3.3. Every line ends with CRLF,
 * like the message after it.
 */
final class TraceHeaders {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

    private final String returnPath;
    private final String receivedFrom;
    private final String date;

    /**
     * @param sender     the envelope sender, empty for the null reverse path
     * @param clientName the LHLO name
     * @param client     the client's IP address
     * @param hostname   this server's name
     * @param id         the session id, to find the session's log lines
     * @param time       when the message was received
     */
    TraceHeaders(String sender, String clientName, InetAddress client, String hostname, String id, ZonedDateTime time) {
        this.returnPath = "Return-Path: <" + sender + ">\r\n";
        this.receivedFrom = "Received: from " + clientName + " (" + addressLiteral(client) + ")\r\n"
                + "\tby " + hostname + " (Postbox) with LMTP id " + id + "\r\n";
        this.date = DATE.format(time);
    }

    byte[] forRecipient(MailboxAddress recipient) {
        String header = returnPath
                + "Delivered-To: " + recipient + "\r\n"
                + receivedFrom
                + "\tfor <" + recipient + ">; " + date + "\r\n";
        return header.getBytes(StandardCharsets.US_ASCII);
    }

    /** RFC 5321 section 4.1.3: {@code [192.0.2.1]} or {@code [IPv6:2001:db8::1]}. */
    static String addressLiteral(InetAddress address) {
        String text = address.getHostAddress();
        int scope = text.indexOf('%');
        if (scope >= 0) {
            text = text.substring(0, scope);
        }
        return address instanceof Inet6Address ? "[IPv6:" + text + "]" : "[" + text + "]";
    }
}
