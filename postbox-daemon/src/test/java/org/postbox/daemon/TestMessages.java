package org.postbox.daemon;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Messages that exercise every line-end and dot-stuffing corner of RETR, and the bytes a client
 * must receive for each: the stored message with every LF not preceded by CR turned into CRLF
 * (the rule of {@link org.postbox.mailstore.CrlfSize}), plus a final CRLF when it had none.
 */
final class TestMessages {
    static final int LARGE_SIZE = 5 * 1024 * 1024;

    private TestMessages() {
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static final String HEADER = "From: sender@example.net\r\nTo: alice@example.com\r\n";

    /** Name -> stored bytes, in delivery order. Small ones first, the 5 MB one last. */
    static Map<String, byte[]> corpus() {
        Map<String, byte[]> messages = new LinkedHashMap<>();
        messages.put("leading-dots", ascii(HEADER + "Subject: dots\r\n\r\n.hidden\r\n..two\r\nmiddle . dot\r\n.\r\n"
                + "...\r\nend\r\n"));
        messages.put("only-dot-line", ascii(HEADER + "Subject: lonely dot\r\n\r\nbefore\r\n.\r\nafter\r\n"));
        messages.put("no-final-newline", ascii(HEADER + "Subject: open end\r\n\r\nfirst\r\nlast line without end"));
        messages.put("bare-cr", ascii(HEADER + "Subject: bare CR\r\n\r\none\rtwo\r\nthree\r four\r\n"));
        messages.put("bare-lf", ascii("From: sender@example.net\nTo: alice@example.com\nSubject: unix\n\nline one\n"
                + ".dotted\n\nline after blank\n"));
        byte[] eightBit = new byte[256];
        for (int i = 0; i < 128; i++) {
            eightBit[i] = (byte) (0x80 + i);
            eightBit[128 + i] = (byte) (0x80 + (127 - i));
        }
        ByteArrayOutputStream eight = new ByteArrayOutputStream();
        eight.writeBytes(ascii(HEADER + "Subject: 8bit\r\nContent-Type: text/plain; charset=latin1\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\n"));
        eight.writeBytes(eightBit);
        eight.writeBytes(ascii("\r\nZ\u00fcrich caf\u00e9\r\n"));
        messages.put("eight-bit", eight.toByteArray());
        messages.put("large", large());
        return messages;
    }

    /** 5 MB of short lines (poplib refuses lines over 2048 octets), with dot lines and LF-only ends mixed in. */
    private static byte[] large() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(LARGE_SIZE + 1024);
        out.writeBytes(ascii(HEADER + "Subject: large\r\n\r\n"));
        int line = 0;
        while (out.size() < LARGE_SIZE) {
            String end = line % 7 == 0 ? "\n" : "\r\n";
            String text = switch (line % 11) {
                case 0 -> ".";
                case 3 -> ".starts with a dot " + line;
                default -> "line " + line + " of a large message, with some filler to make it longer";
            };
            out.writeBytes(ascii(text + end));
            line++;
        }
        return out.toByteArray();
    }

    /** What RETR must deliver to the client, before dot-stuffing. */
    static byte[] expectedRetr(byte[] stored) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(stored.length + stored.length / 16 + 2);
        int previous = -1;
        for (byte b : stored) {
            if (b == '\n' && previous != '\r') {
                out.write('\r');
            }
            out.write(b);
            previous = b;
        }
        byte[] normalised = out.toByteArray();
        int n = normalised.length;
        if (n > 0 && !(n >= 2 && normalised[n - 2] == '\r' && normalised[n - 1] == '\n')) {
            out.write('\r');
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** What TOP n lines must deliver: the header section, the empty line and {@code lines} body lines. */
    static byte[] expectedTop(byte[] stored, int lines) {
        byte[] whole = expectedRetr(stored);
        String text = new String(whole, StandardCharsets.ISO_8859_1);
        int bodyStart = text.indexOf("\r\n\r\n") + 4;
        int end = bodyStart;
        for (int i = 0; i < lines && end < text.length(); i++) {
            end = text.indexOf("\r\n", end) + 2;
        }
        return text.substring(0, end).getBytes(StandardCharsets.ISO_8859_1);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
