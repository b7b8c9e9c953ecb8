package org.postbox.benchmarks.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What was generated: per message id its POP3 size and CRC-32, one {@code id size crc} line each,
 * so the load generator verifies retrieved messages without generating them again.
 */
final class Manifest {

    /** The POP3 form of one message: its exact size and checksum. */
    record Entry(long size, long crc) {
    }

    private final Map<Integer, Entry> entries;

    private Manifest(Map<Integer, Entry> entries) {
        this.entries = entries;
    }

    static void write(Path file, List<BenchMessage> messages) throws IOException {
        StringBuilder text = new StringBuilder();
        for (BenchMessage message : messages) {
            text.append(message.id()).append(' ').append(message.pop3Size()).append(' ')
                    .append(message.pop3Crc()).append('\n');
        }
        Files.writeString(file, text);
    }

    static Manifest read(Path file) throws IOException {
        Map<Integer, Entry> entries = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] fields = line.split(" ");
            entries.put(Integer.parseInt(fields[0]), new Entry(Long.parseLong(fields[1]), Long.parseLong(fields[2])));
        }
        return new Manifest(entries);
    }

    Entry entry(int id) {
        return entries.get(id);
    }
}
