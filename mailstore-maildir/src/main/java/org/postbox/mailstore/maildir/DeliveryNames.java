package org.postbox.mailstore.maildir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Unique names for new messages, in Dovecot's style: {@code <secs>.M<micros>P<pid>Q<counter>.<host>}.
 * Time, process id and a per-process counter make a name unique on one host and never reused;
 * the host name keeps names unique across machines sharing a tree. The host part is shortened
 * so the name stays a valid 70-character UIDL.
 */
final class DeliveryNames {

    // Shared by every store of this JVM: two stores over one tree must not produce the same name.
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final long PID = ProcessHandle.current().pid();

    private final String host;

    DeliveryNames(String host) {
        this.host = sanitise(host);
    }

    static DeliveryNames forThisHost() {
        return new DeliveryNames(LocalHostName.VALUE);
    }

    /** The unique part of a new file name (no size fields yet). */
    String next() {
        Instant now = Instant.now();
        String prefix = now.getEpochSecond() + ".M" + now.getNano() / 1000 + "P" + PID + "Q" + COUNTER.incrementAndGet() + ".";
        int room = MessageFileName.MAX_UNIQUE_ID_LENGTH - prefix.length();
        return prefix + (host.length() <= room ? host : host.substring(0, Math.max(1, room)));
    }

    /** The name a finished message gets in {@code new/}. */
    static String withSizes(String uniquePart, long storedOctets, long crlfOctets) {
        return uniquePart + ",S=" + storedOctets + ",W=" + crlfOctets;
    }

    /**
     * As the Maildir specification asks, '/' and ':' are written as octal escapes; ',' too, since it
     * separates the size fields. Anything else outside printable ASCII becomes '_'.
     */
    static String sanitise(String hostName) {
        StringBuilder out = new StringBuilder();
        for (char c : hostName.toCharArray()) {
            switch (c) {
                case '/' -> out.append("\\057");
                case ':' -> out.append("\\072");
                case ',' -> out.append("\\054");
                default -> out.append(c >= 0x21 && c <= 0x7E ? c : '_');
            }
        }
        return out.length() == 0 ? "localhost" : out.toString();
    }

    /** Resolved once: the kernel's name first, since a DNS lookup of the local host can stall. */
    private static final class LocalHostName {
        static final String VALUE = lookUp();

        private static String lookUp() {
            try {
                Path kernel = Path.of("/proc/sys/kernel/hostname");
                if (Files.isReadable(kernel)) {
                    String name = Files.readString(kernel, StandardCharsets.US_ASCII).strip();
                    if (!name.isEmpty()) {
                        return name;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // fall through to the portable way
            }
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "localhost";
            }
        }
    }
}
