package org.postbox.mailstore.conformance;

import java.nio.charset.StandardCharsets;

/** Messages and credentials used throughout the suite. */
public final class TestMessages {

    /** A password hash in Dovecot syntax; the store treats it as opaque text. */
    public static final String PASSWORD_HASH =
            "{ARGON2ID}$argon2id$v=19$m=65536,t=3,p=1$c2FsdHNhbHRzYWx0$3Vq1Xq0x9bq2H7vH0uF8pQhK4yYp7cQ5m1Yl6a0Wc2E";
    public static final String OTHER_PASSWORD_HASH = "{SHA512-CRYPT}$6$rounds=5000$pepper$Zx8JmS1Wk7.Y4q3";

    private TestMessages() {
    }

    /** A small message with LF line ends, distinct per {@code subject}. */
    public static byte[] message(String subject) {
        return ("From: sender@example.net\n"
                + "To: someone@example.org\n"
                + "Subject: " + subject + "\n"
                + "\n"
                + "Body of " + subject + ".\n").getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
