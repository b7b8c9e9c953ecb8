package org.postbox.cli.transfer;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The message files of a Maildir's {@code cur/} and {@code new/}, as a POP3 server scanning it
 * finds them: regular files whose names do not start with a dot. {@code tmp/} holds deliveries
 * in progress, which no server lists.
 */
final class MaildirFiles {

    private MaildirFiles() {
    }

    /**
     * The files by name, {@code cur/} first; empty when the Maildir does not exist (Dovecot and
     * Courier create it at the first delivery, so an account without mail may have none).
     */
    static Map<String, Path> list(Path maildir) throws IOException {
        Map<String, Path> files = new LinkedHashMap<>();
        for (String folder : List.of("cur", "new")) {
            Path directory = maildir.resolve(folder);
            if (!Files.isDirectory(directory)) {
                continue;
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
                for (Path entry : entries) {
                    String name = entry.getFileName().toString();
                    if (!name.startsWith(".") && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                        // A name in both folders is a message caught moving; the first seen counts.
                        files.putIfAbsent(name, entry);
                    }
                }
            }
        }
        return files;
    }

    /**
     * When the message arrived: the seconds its name starts with, as every Maildir writer names
     * files (maildir(5)), else the file's modification time.
     */
    static Instant received(Path file) throws IOException {
        String name = file.getFileName().toString();
        int digits = 0;
        while (digits < name.length() && digits < 12 && Character.isDigit(name.charAt(digits))) {
            digits++;
        }
        if (digits >= 9 && (digits == name.length() || name.charAt(digits) == '.')) {
            return Instant.ofEpochSecond(Long.parseLong(name.substring(0, digits)));
        }
        return Files.getLastModifiedTime(file).toInstant();
    }
}
