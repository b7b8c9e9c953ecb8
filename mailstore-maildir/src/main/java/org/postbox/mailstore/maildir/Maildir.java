package org.postbox.mailstore.maildir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.postbox.mailstore.CrlfSize;
import org.postbox.mailstore.QuotaUsage;

/** One mailbox's {@code Maildir} directory with its {@code tmp}, {@code new} and {@code cur} folders. */
final class Maildir {

    static final String TMP = "tmp";
    static final String NEW = "new";
    static final String CUR = "cur";
    /** The info part of a message in {@code cur/} without flags, as Dovecot and the Maildir specification write it. */
    static final String NO_FLAGS_INFO = ":2,";

    private static final Comparator<StoredMessage> DELIVERY_ORDER = Comparator
            .comparingLong(StoredMessage::sortSeconds)
            .thenComparingLong(m -> m.name().micros())
            .thenComparing(m -> m.name().baseName());

    private final Path path;

    Maildir(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    Path folder(String name) {
        return path.resolve(name);
    }

    boolean exists() {
        return Files.isDirectory(path);
    }

    void createFolders() throws IOException {
        Files.createDirectories(folder(TMP));
        Files.createDirectories(folder(NEW));
        Files.createDirectories(folder(CUR));
    }

    /**
     * The name a message listed in {@code new/} as {@code name} gets in {@code cur/}: with the info
     * part of no flags, or as it is when it has an info part already (as Dovecot keeps it).
     */
    static String nameInCur(String name) {
        return name.indexOf(':') < 0 ? name + NO_FLAGS_INFO : name;
    }

    /**
     * The messages in {@code new/} and {@code cur/}, in delivery order. {@code new/} is read first:
     * an agent only ever moves files from {@code new/} to {@code cur/}, so a message that moves during
     * the listing is seen at least once; a base name seen twice is kept once.
     */
    List<StoredMessage> list() throws IOException {
        List<StoredMessage> found = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String folder : List.of(NEW, CUR)) {
            Path dir = folder(folder);
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path entry : entries) {
                    String fileName = entry.getFileName().toString();
                    if (fileName.startsWith(".")) {
                        continue;
                    }
                    MessageFileName name = MessageFileName.parse(fileName);
                    if (seen.contains(name.baseName())) {
                        continue;
                    }
                    Optional<StoredMessage> message = examine(folder, entry, name);
                    if (message.isPresent()) {
                        seen.add(name.baseName());
                        found.add(message.get());
                    }
                }
            } catch (NoSuchFileException e) {
                // a folder that does not exist holds no mail
            }
        }
        found.sort(DELIVERY_ORDER);
        return found;
    }

    /**
     * The message file {@code entry}, listed in {@code folder} under {@code name}: stat'ed once, or
     * empty when it is no regular file or is gone (moved on to {@code cur/}, or deleted).
     */
    static Optional<StoredMessage> examine(String folder, Path entry, MessageFileName name) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(entry, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (!attributes.isRegularFile()) {
            return Optional.empty();
        }
        FileTime modified = attributes.lastModifiedTime();
        long seconds = name.seconds() >= 0 ? name.seconds() : modified.toInstant().getEpochSecond();
        return Optional.of(new StoredMessage(folder, name, attributes.size(), modified, seconds));
    }

    /** The message's size with CRLF line ends, by reading it wherever it is now. */
    long measureCrlfSize(StoredMessage message) throws IOException {
        Optional<Path> file = locate(message);
        if (file.isEmpty()) {
            throw new NoSuchFileException(message.name().name());
        }
        try (InputStream in = Files.newInputStream(file.get())) {
            return CrlfSize.of(in);
        }
    }

    /**
     * Where the message is now: where it was listed, or, since another agent may have moved it to
     * {@code cur/} or changed its flags, wherever a file with its base name is.
     */
    Optional<Path> locate(StoredMessage message) throws IOException {
        return locate(message.folder(), message.name().name());
    }

    /** Where the file listed as {@code fileName} in {@code listedIn} is now (see {@link #locate(StoredMessage)}). */
    Optional<Path> locate(String listedIn, String fileName) throws IOException {
        Path listed = folder(listedIn).resolve(fileName);
        if (Files.exists(listed)) {
            return Optional.of(listed);
        }
        String base = MessageFileName.baseName(fileName);
        for (String folder : List.of(CUR, NEW)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder(folder),
                    entry -> isSameMessage(entry.getFileName().toString(), base))) {
                for (Path entry : entries) {
                    return Optional.of(entry);
                }
            } catch (NoSuchFileException e) {
                // folder gone: nothing to find there
            }
        }
        return Optional.empty();
    }

    /**
     * What the Maildir holds as Maildir++ counts it when it rebuilds {@code maildirsize}, like
     * Dovecot: every entry of {@code new/} and {@code cur/}, of the Maildir and of each of its
     * folders ({@code .Sent}, ...), at the size its {@code S=} field gives, else its length. When
     * another agent changes a folder during the count, it counts again (at most three times).
     */
    QuotaUsage quotaUsage() throws IOException {
        return quotaUsage(false);
    }

    /** As {@link #quotaUsage()}, with the held messages ({@link HeldMail}) when {@code withHeld}. */
    QuotaUsage quotaUsage(boolean withHeld) throws IOException {
        for (int attempt = 1; ; attempt++) {
            List<Path> folders = quotaFolders();
            if (withHeld) {
                folders.addAll(new HeldMail(this).batchDirectories());
            }
            Map<Path, FileTime> before = modificationTimes(folders);
            QuotaUsage usage = QuotaUsage.NONE;
            for (Path folder : folders) {
                usage = usage.plus(sum(folder));
            }
            List<Path> after = quotaFolders();
            if (withHeld) {
                after.addAll(new HeldMail(this).batchDirectories());
            }
            if (attempt == 3 || before.equals(modificationTimes(after))) {
                return usage;
            }
        }
    }

    /** The octets a message counts for in Maildir++ quota: its {@code S=} field, else its length. */
    static long quotaSize(MessageFileName name, long fileSize) {
        return name.storedSize().orElse(fileSize);
    }

    private List<Path> quotaFolders() throws IOException {
        List<Path> folders = new ArrayList<>(List.of(folder(NEW), folder(CUR)));
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(path,
                entry -> entry.getFileName().toString().startsWith(".") && Files.isDirectory(entry))) {
            for (Path subfolder : entries) {
                folders.add(subfolder.resolve(NEW));
                folders.add(subfolder.resolve(CUR));
            }
        } catch (NoSuchFileException e) {
            // no Maildir yet: nothing stored
        }
        return folders;
    }

    private static Map<Path, FileTime> modificationTimes(List<Path> folders) throws IOException {
        Map<Path, FileTime> times = new HashMap<>();
        for (Path folder : folders) {
            try {
                times.put(folder, Files.getLastModifiedTime(folder));
            } catch (NoSuchFileException e) {
                // absent: nothing to change
            }
        }
        return times;
    }

    static QuotaUsage sum(Path folder) throws IOException {
        long octets = 0;
        long messages = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                MessageFileName name = MessageFileName.parse(entry.getFileName().toString());
                if (name.storedSize().isPresent()) {
                    octets += name.storedSize().getAsLong();
                } else {
                    try {
                        octets += Files.readAttributes(entry, BasicFileAttributes.class).size();
                    } catch (NoSuchFileException e) {
                        continue; // removed meanwhile
                    }
                }
                messages++;
            }
        } catch (NoSuchFileException e) {
            // a folder that does not exist holds no mail
        }
        return new QuotaUsage(octets, messages);
    }

    private static boolean isSameMessage(String fileName, String baseName) {
        return fileName.startsWith(baseName)
                && (fileName.length() == baseName.length() || fileName.charAt(baseName.length()) == ':');
    }
}
