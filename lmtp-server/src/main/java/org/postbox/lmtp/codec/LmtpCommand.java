package org.postbox.lmtp.codec;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A syntactically valid LMTP command (RFC 2033, RFC 5321 section 4.1). Whether it is valid now
 * (the sequence of commands) is the session's business, not syntax.
 */
public sealed interface LmtpCommand extends LmtpInput {

    /** The keyword as it appears on the wire, upper case. */
    String keyword();

    /** {@code LHLO domain} (RFC 2033 section 4.1): the client's name, a domain or address literal. */
    record Lhlo(String clientName) implements LmtpCommand {
        public Lhlo {
            Objects.requireNonNull(clientName, "clientName");
        }

        public String keyword() {
            return "LHLO";
        }
    }

    /**
     * {@code MAIL FROM:<reverse-path> [SIZE=n] [BODY=7BIT|8BITMIME]} (RFC 5321, RFC 1870, RFC 6152).
     *
     * @param sender       the sender's mailbox without angle brackets and source route; empty for
     *                     the null reverse path {@code <>} of bounces
     * @param declaredSize the {@code SIZE=} estimate, if given
     * @param body         the {@code BODY=} type, if given
     */
    record Mail(String sender, OptionalLong declaredSize, Optional<BodyType> body) implements LmtpCommand {
        public Mail {
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(declaredSize, "declaredSize");
            Objects.requireNonNull(body, "body");
        }

        public String keyword() {
            return "MAIL";
        }
    }

    /**
     * {@code RCPT TO:<forward-path>}.
     *
     * @param recipient the text between the angle brackets, any source route removed; whether it
     *                  is a valid address of this store is the recipient policy's to decide
     */
    record Rcpt(String recipient) implements LmtpCommand {
        public Rcpt {
            Objects.requireNonNull(recipient, "recipient");
        }

        public String keyword() {
            return "RCPT";
        }
    }

    /** {@code DATA}: after it the decoder holds the client's input until the session decides. */
    record Data() implements LmtpCommand {
        public String keyword() {
            return "DATA";
        }
    }

    record Rset() implements LmtpCommand {
        public String keyword() {
            return "RSET";
        }
    }

    /** {@code NOOP [string]}; the string is ignored (RFC 5321 section 4.1.1.9). */
    record Noop() implements LmtpCommand {
        public String keyword() {
            return "NOOP";
        }
    }

    record Quit() implements LmtpCommand {
        public String keyword() {
            return "QUIT";
        }
    }

    /** {@code VRFY string}: answered 252 whatever the string (RFC 5321 section 3.5.3). */
    record Vrfy(String argument) implements LmtpCommand {
        public Vrfy {
            Objects.requireNonNull(argument, "argument");
        }

        public String keyword() {
            return "VRFY";
        }
    }
}
