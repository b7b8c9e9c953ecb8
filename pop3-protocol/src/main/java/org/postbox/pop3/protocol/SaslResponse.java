package org.postbox.pop3.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One client line while a SASL exchange is under way (RFC 5034 section 4), which the decoder
 * reads as SASL data rather than as a command (see {@link SaslResponseMode}):
 *
 * <pre>
 *   "dGVzdAB0ZXN0AHRlc3Q=" -> Data[12 octets]
 *   "*"                    -> Cancel
 *   "not base64!"          -> Malformed
 * </pre>
 *
 * <p>Each keeps the line as received: if the exchange has already ended when the session reads
 * it (the client pipelined a command behind its last response), {@link #asCommand(int)} gives
 * the command it was.
 */
public sealed interface SaslResponse extends Pop3Request {

    /** The line as received, without its line end. */
    String line();

    /** The line read as an ordinary command line of at most {@code maxLineLength} octets, CRLF included. */
    default Pop3Request asCommand(int maxLineLength) {
        String line = line();
        if (line.getBytes(StandardCharsets.UTF_8).length + 2 > maxLineLength) {
            return new InvalidRequest(CommandParser.keyword(line), "line too long (at most " + maxLineLength + " octets)");
        }
        return CommandParser.parse(line);
    }

    /** Reads one line of an exchange; never throws for any input. */
    static SaslResponse parse(String line) {
        if (line.equals("*")) {
            return new Cancel(line);
        }
        if (line.equals("=")) {
            // "=" is how RFC 5034 writes an empty initial response; taken here too.
            return new Data(new byte[0], line);
        }
        return SaslBase64.decode(line).<SaslResponse>map(data -> new Data(data, line)).orElseGet(() -> new Malformed(line));
    }

    /** Decoded client data (possibly empty). */
    record Data(byte[] data, String line) implements SaslResponse {
        public Data {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Data that && Arrays.equals(data, that.data) && line.equals(that.line);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            // The data is a password, a proof or a bearer token.
            return "Data[" + data.length + " octets]";
        }
    }

    /** {@code *}: the client abandons the exchange. */
    record Cancel(String line) implements SaslResponse {
    }

    /** Not base64. */
    record Malformed(String line) implements SaslResponse {
        @Override
        public String toString() {
            return "Malformed[" + line.length() + " characters]";
        }
    }
}
