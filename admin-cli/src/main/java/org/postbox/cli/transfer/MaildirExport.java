package org.postbox.cli.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageInfo;

/**
 * Writes a maildrop as a Maildir that other servers read: every message in {@code cur/} (seen by
 * nobody's IMAP flags: {@code :2,}), named so that both Dovecot and Courier list them in the
 * maildrop's order, and a {@code dovecot-uidlist} (version 3) that gives each message its
 * POP3 UIDL as a stored {@code P} value, which Dovecot answers instead of computing one. Courier
 * numbers the messages afresh, so its clients fetch them again.
 */
public final class MaildirExport {

    /** The name every exported file carries where a host name would be. */
    static final String HOST = "postbox-export";

    private MaildirExport() {
    }

    /**
     * Exports {@code maildrop} into {@code directory}, which must not exist or be empty.
     *
     * @return the octets written
     * @throws IOException when the directory cannot be written
     */
    public static long export(Maildrop maildrop, Path directory, Instant now) throws IOException {
        requireEmpty(directory);
        Path tmp = Files.createDirectories(directory.resolve("tmp"));
        Path cur = Files.createDirectories(directory.resolve("cur"));
        Files.createDirectories(directory.resolve("new"));
        List<MessageInfo> messages = maildrop.messages();
        long uidValidity = now.getEpochSecond();
        long pid = ProcessHandle.current().pid();
        long total = 0;
        Path uidlist = tmp.resolve("dovecot-uidlist." + pid);
        try (Writer list = Files.newBufferedWriter(uidlist, StandardCharsets.UTF_8)) {
            list.write("3 V" + uidValidity + " N" + (messages.size() + 1) + "\n");
            for (int i = 0; i < messages.size(); i++) {
                int number = i + 1;
                MessageInfo message = messages.get(i);
                // Zero-padded, so that Courier's order (the leading number, then the name) is the maildrop's.
                String base = now.getEpochSecond() + ".P" + pid + "Q" + String.format("%010d", number) + "." + HOST;
                Path temporary = tmp.resolve(base);
                long octets;
                try (InputStream in = maildrop.content(number); OutputStream out = Files.newOutputStream(temporary)) {
                    octets = in.transferTo(out);
                }
                String name = base + ",S=" + octets + ",W=" + message.size();
                Files.move(temporary, cur.resolve(name + ":2,"), StandardCopyOption.ATOMIC_MOVE);
                list.write(number + " P" + message.uniqueId() + " W" + message.size() + " :" + name + ":2,\n");
                total += octets;
            }
        }
        Files.move(uidlist, directory.resolve("dovecot-uidlist"), StandardCopyOption.ATOMIC_MOVE);
        return total;
    }

    private static void requireEmpty(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        if (!Files.isDirectory(directory)) {
            throw new IOException(directory + " exists and is not a directory");
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            if (entries.iterator().hasNext()) {
                throw new IOException(directory + " is not empty: export into a new directory");
            }
        }
    }
}
