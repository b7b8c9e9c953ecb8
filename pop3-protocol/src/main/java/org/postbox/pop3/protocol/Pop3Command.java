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
}
