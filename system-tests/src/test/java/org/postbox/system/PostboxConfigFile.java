package org.postbox.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The one configuration file that {@code bin/postbox} and {@code bin/postboxd} share in a test. */
public final class PostboxConfigFile {

    private PostboxConfigFile() {
    }

    /**
     * Writes {@code file}: POP3 and LMTP on loopback ports, the given store section, no metrics
     * listener (its default port could be taken), and no delay after failed logins, which only
     * slows down a failing test.
     */
    public static Path write(Path file, int pop3Port, int lmtpPort, Path spool, String storeSection) {
        return write(file, pop3Port, lmtpPort, "", spool, storeSection);
    }

    /**
     * As {@link #write(Path, int, int, Path, String)}, plus the admin API on {@code adminPort}; a
     * full mailbox is answered {@code 452} (over-quota: temporary), as a provider that wants the
     * MTA to keep such mail configures it.
     */
    static Path writeWithAdminApi(Path file, int pop3Port, int lmtpPort, int adminPort, Path spool, String storeSection) {
        return write(file, pop3Port, lmtpPort, ", over-quota: temporary", spool,
                storeSection + "admin:\n  listen: " + Loopback.HOST + ":" + adminPort + "\n");
    }

    private static Path write(Path file, int pop3Port, int lmtpPort, String lmtpSettings, Path spool, String sections) {
        String yaml = "listeners:\n"
                + "  - {name: pop3, protocol: pop3, address: " + Loopback.HOST + ", port: " + pop3Port + "}\n"
                + "  - {name: lmtp, protocol: lmtp, address: " + Loopback.HOST + ", port: " + lmtpPort
                + ", hostname: postbox.test, spool-directory: " + quoted(spool.toString()) + lmtpSettings + "}\n"
                + "auth:\n"
                + "  failure-delay: 0s\n"
                + "  penalty-initial: 0s\n"
                + "metrics:\n"
                + "  enabled: false\n"
                + sections;
        try {
            Files.createDirectories(spool);
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A YAML single-quoted scalar. */
    static String quoted(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
