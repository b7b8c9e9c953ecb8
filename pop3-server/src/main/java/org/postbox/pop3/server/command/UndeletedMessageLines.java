package org.postbox.pop3.server.command;

import java.util.function.IntFunction;
import org.postbox.pop3.server.session.Pop3Session;

/**
 * The lines of a LIST or UIDL listing, produced one at a time as the reply is streamed, so that a
 * mailbox of 100,000 messages never has 100,000 strings in memory. Line {@code i} is about the
 * {@code i}-th undeleted message. The encoder asks for lines in order, which costs O(1) per
 * line; any other order still works, by walking from the start.
 */
final class UndeletedMessageLines implements IntFunction<String> {

    /** Formats the line of one message from its number. */
    @FunctionalInterface
    interface LineFormat {
        String line(int number, Pop3Session session);
    }

    private final Pop3Session session;
    private final LineFormat format;
    private int lastIndex = -1;
    private int lastNumber = 0;

    UndeletedMessageLines(Pop3Session session, LineFormat format) {
        this.session = session;
        this.format = format;
    }

    @Override
    public String apply(int index) {
        if (index != lastIndex + 1) {
            lastIndex = -1;
            lastNumber = 0;
            while (lastIndex + 1 < index) {
                advance();
            }
        }
        advance();
        return format.line(lastNumber, session);
    }

    private void advance() {
        int next = session.nextUndeleted(lastNumber + 1);
        if (next < 0) {
            throw new IndexOutOfBoundsException("listing asked for more lines than undeleted messages");
        }
        lastNumber = next;
        lastIndex++;
    }
}
