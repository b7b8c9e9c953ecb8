package org.postbox.pop3.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.mina.core.buffer.IoBuffer;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.protocol.ReplyChunks;

/** The encoded line a refusing filter sends: it sits before the codec, so it writes octets. */
final class RefusalLine {

    private RefusalLine() {
    }

    /** {@code reply}, a single-line reply, as the octets of its line with CRLF. */
    static byte[] of(Pop3Reply reply) {
        try (ReplyChunks chunks = ReplyChunks.of(reply)) {
            IoBuffer line = chunks.next();
            byte[] octets = new byte[line.remaining()];
            line.get(octets);
            return octets;
        } catch (IOException impossible) {
            // Only a message's content is read; a status line is all in memory.
            throw new UncheckedIOException(impossible);
        }
    }
}
