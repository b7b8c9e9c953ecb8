package org.postbox.pop3.protocol;

import java.util.OptionalInt;

/**
 * A syntactically valid POP3 command (RFC 1939, RFC 2449). Message numbers are positive ints;
 * whether they name an existing, undeleted message is the session's business, not syntax.
 */
public sealed interface Pop3Command extends Pop3Request {

    /** The keyword as it appears on the wire, upper case. */
    String keyword();

    /** {@code USER name} (RFC 1939 section 7). */
    record User(String name) implements Pop3Command {
        public String keyword() { return "USER"; }
    }

    /** {@code PASS secret}: the rest of the line, spaces included (RFC 1939 section 7). */
    record Pass(String password) implements Pop3Command {
        public String keyword() { return "PASS"; }

        @Override
        public String toString() {
            return "Pass[***]";
        }
    }

    /** {@code APOP name digest} (RFC 1939 section 7). */
    record Apop(String name, String digest) implements Pop3Command {
        public String keyword() { return "APOP"; }
    }

    record Quit() implements Pop3Command {
        public String keyword() { return "QUIT"; }
    }

    record Stat() implements Pop3Command {
        public String keyword() { return "STAT"; }
    }

    /** {@code LIST [msg]}. */
    record List(OptionalInt message) implements Pop3Command {
        public String keyword() { return "LIST"; }
    }

    record Retr(int message) implements Pop3Command {
        public String keyword() { return "RETR"; }
    }

    record Dele(int message) implements Pop3Command {
        public String keyword() { return "DELE"; }
    }

    record Noop() implements Pop3Command {
        public String keyword() { return "NOOP"; }
    }

    record Rset() implements Pop3Command {
        public String keyword() { return "RSET"; }
    }

    /** {@code TOP msg n}: headers, the blank line, then {@code lines} body lines. */
    record Top(int message, int lines) implements Pop3Command {
        public String keyword() { return "TOP"; }
    }

    /** {@code UIDL [msg]}. */
    record Uidl(OptionalInt message) implements Pop3Command {
        public String keyword() { return "UIDL"; }
    }

    record Capa() implements Pop3Command {
        public String keyword() { return "CAPA"; }
    }

    /**
     * {@code STLS} (RFC 2595 section 4): switch the connection to TLS. The decoder stops at this
     * line and drops whatever the client sent after it in the clear (see {@link Pop3Decoder}).
     */
    record Stls() implements Pop3Command {
        public String keyword() { return "STLS"; }
    }

    /**
     * {@code AUTH mechanism [initial-response]} (RFC 5034 section 4). The mechanism name is upper
     * case; the initial response is the base64 text as sent ({@code =} for an empty one), decoded
     * by {@link SaslResponse#parse}.
     */
    record Auth(String mechanism, java.util.Optional<String> initialResponse) implements Pop3Command {
        public String keyword() { return "AUTH"; }

        @Override
        public String toString() {
            // The initial response may carry a password (PLAIN) or a bearer token.
            return "Auth[mechanism=" + mechanism + (initialResponse.isPresent() ? ", initialResponse=***]" : "]");
        }
    }

    /** {@code UTF8} (RFC 6856 section 2): UTF-8 user names and passwords from now on. */
    record Utf8() implements Pop3Command {
        public String keyword() { return "UTF8"; }
    }

    /**
     * {@code LANG [lang-range]} (RFC 6856 section 3): without an argument, list the languages;
     * with one ({@code *} or a language tag), choose the language of response texts.
     */
    record Lang(java.util.Optional<String> range) implements Pop3Command {
        public String keyword() { return "LANG"; }
    }
}
