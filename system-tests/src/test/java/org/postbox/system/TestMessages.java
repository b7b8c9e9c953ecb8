package org.postbox.system;

import java.nio.charset.StandardCharsets;

/**
 * The mail of the tests: a few kinds a real maildrop has (short, dot-leading lines, large, 8-bit),
 * each naming its recipient and number so that a message fetched twice or into the wrong place
 * is recognised.
 */
public final class TestMessages {

    /** The subject line of the message delivered to Postbox after the move. */
    static final String AFTER_THE_MOVE = "Subject: after the move";

    private TestMessages() {
    }

    /** The {@code n}th message (from 1) that is in {@code to}'s maildrop before the move; LF line ends. */
    public static byte[] beforeTheMove(Account to, int n) {
        StringBuilder m = new StringBuilder()
                .append("From: Sender <sender@sender.test>\n")
                .append("To: ").append(to.address()).append('\n')
                .append("Date: Mon, 01 Jan 2024 ").append(String.format("%02d", 8 + n % 12)).append(":00:00 +0000\n")
                .append("Message-ID: <before-").append(n).append('.').append(to.local()).append('.').append(to.domain())
                .append("@sender.test>\n");
        switch (n % 4) {
            case 1 -> m.append("Subject: message ").append(n).append(" with lines that start with a dot\n\n")
                    .append("First line.\n.a line starting with a dot\n.\n..two dots\nLast line.\n");
            case 2 -> {
                m.append("Subject: message ").append(n).append(", a large one\n\n");
                for (int line = 0; line < 800; line++) {
                    m.append(String.format("%05d the quick brown fox jumps over the lazy dog, again and again\n", line));
                }
            }
            case 3 -> m.append("Subject: =?UTF-8?Q?message_").append(n).append("_=C3=A0_l'=C3=A9t=C3=A9?=\n")
                    .append("MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n")
                    .append("Grüße aus Zürich, à bientôt.\n");
            default -> m.append("Subject: message ").append(n).append("\n\nHello ").append(to.local()).append(".\n");
        }
        return m.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The one message delivered to {@code to} through Postbox once the move is done. */
    static byte[] afterTheMove(Account to) {
        return ("From: Sender <sender@sender.test>\n"
                + "To: " + to.address() + "\n"
                + "Message-ID: <after." + to.local() + "." + to.domain() + "@sender.test>\n"
                + AFTER_THE_MOVE + "\n\nNew mail, for " + to.address() + " only.\n").getBytes(StandardCharsets.UTF_8);
    }
}
