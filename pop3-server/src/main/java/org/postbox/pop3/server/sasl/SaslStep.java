package org.postbox.pop3.server.sasl;

import java.util.Objects;
import org.postbox.mailstore.MailboxAddress;

/** What an exchange does next. */
public sealed interface SaslStep {

    /** Send {@code + base64(data)} and wait for the client's response. */
    record Challenge(byte[] data) implements SaslStep {
        public Challenge {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Challenge that && java.util.Arrays.equals(data, that.data);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Challenge[" + data.length + " octets]";
        }
    }

    /** The client proved it may use {@code address}. */
    record Authenticated(MailboxAddress address) implements SaslStep {
        public Authenticated {
            Objects.requireNonNull(address, "address");
        }
    }

    /**
     * The exchange failed.
     *
     * @param credentials true for wrong credentials (a guess that failed), false for a client
     *                    that broke the mechanism's rules (malformed message, cancelled exchange)
     * @param reason      for the client, for a broken rule; never says which credential was wrong
     */
    record Failed(boolean credentials, String reason) implements SaslStep {
        public static Failed wrongCredentials() {
            return new Failed(true, "authentication failed");
        }

        public static Failed protocol(String reason) {
            return new Failed(false, reason);
        }
    }

    /** The client proved it may use {@code address}, but that mailbox may not log in over POP3 now. */
    record Pop3Disabled(MailboxAddress address) implements SaslStep {
        public Pop3Disabled {
            Objects.requireNonNull(address, "address");
        }
    }

    /** Credentials could not be checked now (directory down, too many parallel attempts). */
    record Unavailable(String reason) implements SaslStep {
    }
}
