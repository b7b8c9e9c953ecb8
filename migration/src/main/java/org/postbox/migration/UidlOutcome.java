package org.postbox.migration;

import java.util.Objects;
import java.util.Optional;

/**
 * What a reader found as a message's POP3 unique id: a UIDL as RFC 1939 section 7 allows it, one
 * that clients were sent although RFC 1939 does not allow it, or none at all, with the reason.
 */
public sealed interface UidlOutcome {

    /** The most octets RFC 1939 allows in a unique-id. */
    int MAX_LENGTH = 70;

    /** A UIDL of 1 to 70 characters from 0x21 to 0x7E. */
    record Valid(String uidl) implements UidlOutcome {
        public Valid {
            Objects.requireNonNull(uidl, "uidl");
            problem(uidl).ifPresent(reason -> {
                throw new IllegalArgumentException(reason);
            });
        }
    }

    /** A value the old server would have sent, which RFC 1939 does not allow as a unique-id. */
    record Invalid(String uidl, String reason) implements UidlOutcome {
        public Invalid {
            Objects.requireNonNull(uidl, "uidl");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** No UIDL could be worked out, for example because the message file cannot be read. */
    record Unavailable(String reason) implements UidlOutcome {
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** {@link Valid} when {@code candidate} is a unique-id RFC 1939 allows, {@link Invalid} with the reason otherwise. */
    static UidlOutcome of(String candidate) {
        Optional<String> problem = problem(candidate);
        return problem.<UidlOutcome>map(reason -> new Invalid(candidate, reason)).orElseGet(() -> new Valid(candidate));
    }

    /**
     * Why {@code candidate} is not a unique-id in the sense of RFC 1939 section 7 ("one to 70
     * characters in the range 0x21 to 0x7E"), or empty when it is one.
     */
    static Optional<String> problem(String candidate) {
        if (candidate.isEmpty()) {
            return Optional.of("the UIDL is empty");
        }
        if (candidate.length() > MAX_LENGTH) {
            return Optional.of("the UIDL has " + candidate.length() + " characters; RFC 1939 allows at most " + MAX_LENGTH);
        }
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return Optional.of("the UIDL contains " + describe(c) + " at position " + (i + 1)
                        + "; RFC 1939 allows only the characters 0x21 to 0x7E");
            }
        }
        return Optional.empty();
    }

    private static String describe(char c) {
        return switch (c) {
            case ' ' -> "a space";
            case '\t' -> "a tab";
            case '\r', '\n' -> "a line break";
            default -> String.format("the character U+%04X", (int) c);
        };
    }
}
