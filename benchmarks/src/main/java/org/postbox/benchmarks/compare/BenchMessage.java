package org.postbox.benchmarks.compare;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * The generated message number {@code id}: the same octets for every run, so that the load
 * generator can check what a server sends against the manifest written with the tree.
 *
 * <p>Stored with LF line ends, as an MTA leaves mail in a Maildir; a POP3 server sends it with
 * CRLF, so the POP3 size is the stored size plus one octet per line. The first line is
 * {@code X-Bench-Id: <id>}, which tells a client which manifest entry a received message must
 * match whatever number the server gave it. Some body lines start with a dot, so both servers
 * dot-stuff.
 *
 * @param id     the message's number in the pool
 * @param stored the octets as stored (LF line ends)
 */
record BenchMessage(int id, byte[] stored) {

    /** Sizes as mailboxes of ordinary users have them: mostly small, a few large. */
    static int mixedSize(int id) {
        SplittableRandom random = new SplittableRandom(0x5eed_0000L + id);
        int kind = random.nextInt(100);
        if (kind < 55) {
            return random.nextInt(2 * 1024, 8 * 1024);
        }
        if (kind < 85) {
            return random.nextInt(8 * 1024, 64 * 1024);
        }
        if (kind < 97) {
            return random.nextInt(64 * 1024, 512 * 1024);
        }
        return random.nextInt(1024 * 1024, 3 * 1024 * 1024);
    }

    /** A small message, for the maildrop of 100,000. */
    static int smallSize(int id) {
        return new SplittableRandom(0xb16_0000L + id).nextInt(1200, 3000);
    }

    static BenchMessage of(int id, int storedSize) {
        String header = "X-Bench-Id: " + id + "\nFrom: sender" + id + "@example.net\nTo: reader@bench.example\n"
                + "Subject: generated message " + id + "\nMessage-ID: <" + id + "@bench.example>\n\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream(storedSize);
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        SplittableRandom random = new SplittableRandom(id);
        int line = 0;
        while (out.size() < storedSize) {
            int room = storedSize - out.size();
            int length = Math.min(room, 20 + random.nextInt(59)); // text and its LF
            for (int i = 0; i < length - 1; i++) {
                out.write(i == 0 && line % 37 == 0 ? '.' : 'a' + random.nextInt(26));
            }
            out.write('\n');
            line++;
        }
        return new BenchMessage(id, out.toByteArray());
    }

    /** The octets a POP3 server sends for it before dot-stuffing: every LF as CRLF. */
    long pop3Size() {
        long lines = 0;
        for (byte b : stored) {
            if (b == '\n') {
                lines++;
            }
        }
        return stored.length + lines;
    }

    /** CRC-32 of the POP3 form (CRLF line ends, not dot-stuffed). */
    long pop3Crc() {
        CRC32 crc = new CRC32();
        for (byte b : stored) {
            if (b == '\n') {
                crc.update('\r');
            }
            crc.update(b);
        }
        return crc.getValue();
    }
}
