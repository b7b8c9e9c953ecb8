package org.postbox.pop3.server.sasl;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Strict UTF-8 for SASL data: a malformed sequence is an error, never a replacement character. */
final class Utf8 {

    private Utf8() {
    }

    static Optional<String> decode(byte[] octets, int offset, int length) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(octets, offset, length))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    static Optional<String> decode(byte[] octets) {
        return decode(octets, 0, octets.length);
    }
}
