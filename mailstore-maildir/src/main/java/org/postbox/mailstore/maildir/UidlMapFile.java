package org.postbox.mailstore.maildir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

import org.postbox.mailstore.ImportedMessage;

/**
 * A maildrop's UIDL map, {@code Maildir/postbox-uidls}: the messages whose UIDL and place in the
 * listing were fixed by an import ({@link MaildirImport}) rather than derived from their file
 * names. The listing gives the messages it names first, in its order and with its UIDLs, then the
 * others in delivery order with their own ({@link UidlMapping}).
 *
 * <p>It lives in the Maildir's top directory because it is the maildrop's data, not a cache: it
 * must travel with the Maildir when the tree is copied or restored. Dovecot reserves other names
 * there ({@code dovecot-uidlist}, {@code dovecot-keywords}, {@code dovecot.index*},
 * {@code dovecot-uidvalidity*}, {@code maildirfolder}, {@code maildirsize}, {@code subscriptions},
 * {@code dovecot-shared}, {@code dovecot-acl*}), takes only entries starting with a dot for folders
 * in its default Maildir++ layout and only directories in its {@code fs} layout, so it leaves the
 * file alone; Postbox's quota count reads {@code new/}, {@code cur/} and dot folders only.
 *
 * <p>Format: ASCII text, one record a line, in listing order.
 * <pre>
 * postbox-uidls 1 &lt;generation: 16 hex digits&gt;
 * &lt;base name&gt; &lt;uidl&gt; &lt;crc&gt;
 * ...
 * </pre>
 * The base name is the message file's name up to its first colon (what renames for flags keep),
 * with octets outside 0x21..0x7E and {@code %} written as {@code %XX}; the UIDL follows RFC 1939; the
 * CRC is the CRC-32C of the line up to the space before it, as 8 hex digits. A later line for the
 * same base name moves its message to that later place. A line that is not valid is ignored (and
 * logged by the reader): a record is whole or absent, so a crash while appending leaves the lines
 * before it. The generation changes whenever the file is written anew, so that together with its
 * length it identifies one state of the file for the maildrop's index ({@link Stamp}).
 *
 * <p>Only the holder of the maildrop lock reads or writes it. An import appends to it (and forces it
 * to disk when the store syncs) before its messages become visible; the lock holder rewrites it
 * without the lines of messages that are gone (temp file and rename, forced likewise).
 */
final class UidlMapFile {

    static final String FILE_NAME = "postbox-uidls";

    private static final String MAGIC = "postbox-uidls 1 ";
    private static final int HEADER_LENGTH = MAGIC.length() + 16 + 1;
    private static final HexFormat HEX = HexFormat.of();

    /**
     * One state of the file: its generation, its length and its modification time. Appends change
     * the length, rewrites the generation.
     */
    record Stamp(long generation, long length, long modifiedNanos) {
    }

    /** The file's header cannot be read: nothing in it can be trusted, and it is left for an operator. */
    static final class Damaged extends IOException {
        Damaged(String reason) {
            super(reason);
        }
    }

    /**
     * The valid records of the file in its order: record {@code r}'s base name is
     * {@code nameLength(r)} octets of {@link #names()} from {@code nameOffset(r)}.
     */
    static final class Records {
        private final Stamp stamp;
        private final byte[] names;
        private final int[] nameStart;
        private final PackedUidls uidls;
        private final int count;
        private final int invalidLines;

        private Records(Stamp stamp, byte[] names, int[] nameStart, PackedUidls uidls, int count, int invalidLines) {
            this.stamp = stamp;
            this.names = names;
            this.nameStart = nameStart;
            this.uidls = uidls;
            this.count = count;
            this.invalidLines = invalidLines;
        }

        Stamp stamp() {
            return stamp;
        }

        int size() {
            return count;
        }

        byte[] names() {
            return names;
        }

        int nameOffset(int r) {
            return nameStart[r];
        }

        int nameLength(int r) {
            return nameStart[r + 1] - nameStart[r];
        }

        String uidl(int r) {
            return uidls.get(r);
        }

        /** The records' UIDLs, packed: a million of them take their characters and an int each. */
        PackedUidls uidls() {
            return uidls;
        }

        /** Lines of the file that were no valid record, ignored. */
        int invalidLines() {
            return invalidLines;
        }
    }

    /** Collects records to write, in listing order, as the octets they are written as. */
    static final class Writer {
        private byte[] text = new byte[256];
        private int length;
        private int count;
        private final CRC32C crc = new CRC32C();

        /** @param baseName a message file's name up to its first colon, as stored (UTF-8 or any octets) */
        Writer add(byte[] baseName, int offset, int nameLength, String uidl) {
            if (!ImportedMessage.isValidUidl(uidl) || nameLength < 1) {
                throw new IllegalArgumentException("no record for UIDL '" + uidl + "' of a name of " + nameLength
                        + " octets");
            }
            int start = length;
            for (int p = offset; p < offset + nameLength; p++) {
                int b = baseName[p] & 0xFF;
                if (b <= 0x20 || b >= 0x7F || b == '%') {
                    append('%');
                    append(HEX.toHighHexDigit(b));
                    append(HEX.toLowHexDigit(b));
                } else {
                    append(b);
                }
            }
            append(' ');
            for (int i = 0; i < uidl.length(); i++) {
                append(uidl.charAt(i));
            }
            crc.reset();
            crc.update(text, start, length - start);
            append(' ');
            String checksum = HEX.toHexDigits((int) crc.getValue());
            for (int i = 0; i < checksum.length(); i++) {
                append(checksum.charAt(i));
            }
            append('\n');
            count++;
            return this;
        }

        Writer add(String baseName, String uidl) {
            byte[] bytes = baseName.getBytes(StandardCharsets.UTF_8);
            return add(bytes, 0, bytes.length, uidl);
        }

        int size() {
            return count;
        }

        private void append(int b) {
            if (length == text.length) {
                text = Arrays.copyOf(text, text.length * 2);
            }
            text[length++] = (byte) b;
        }

        private ByteBuffer bytes() {
            return ByteBuffer.wrap(text, 0, length);
        }
    }

    private final Path file;
    private final Durability durability;

    UidlMapFile(Path file, Durability durability) {
        this.file = file;
        this.durability = durability;
    }

    static UidlMapFile of(Maildir maildir, Durability durability) {
        return new UidlMapFile(maildir.path().resolve(FILE_NAME), durability);
    }

    Path path() {
        return file;
    }

    /**
     * The file's current stamp, from its attributes and header alone; empty when there is no map.
     *
     * @throws Damaged if its header is not that of a UIDL map of this version
     */
    Optional<Stamp> stamp() throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH);
            while (header.hasRemaining() && channel.read(header) >= 0) {
                // read on until the header is complete or the file ends
            }
            return Optional.of(new Stamp(generation(header.array(), header.position()), channel.size(), modified()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * Every valid record. A last line cut short by a crash is removed from the file first, so that
     * the next append starts on a line of its own; the caller holds the maildrop lock.
     *
     * @return empty when there is no map
     * @throws Damaged if its header is not that of a UIDL map of this version
     */
    Optional<Records> read() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        long generation = generation(bytes, bytes.length);
        int end = bytes.length;
        while (end > HEADER_LENGTH && bytes[end - 1] != '\n') {
            end--;
        }
        if (end < bytes.length) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(end);
                durability.force(channel);
            }
        }
        return Optional.of(parse(bytes, end, new Stamp(generation, end, modified())));
    }

    /**
     * Appends records to the map in the state {@code current}, or writes a new map with them when
     * there is none ({@code current} empty), and forces them to disk when the store syncs.
     *
     * @return the map's stamp afterwards
     * @throws IOException if the map is not in the state {@code current} any more
     */
    Stamp append(Optional<Stamp> current, Writer records) throws IOException {
        if (current.isEmpty()) {
            return rewrite(records);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            if (channel.size() != current.get().length()) {
                throw new IOException(file + " changed behind the maildrop lock's back: " + channel.size()
                        + " octets, expected " + current.get().length());
            }
            ByteBuffer buffer = records.bytes();
            long position = current.get().length();
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
            durability.force(channel);
            return new Stamp(current.get().generation(), position, modified());
        }
    }

    /** Replaces the map with {@code records} under a new generation: a temporary file renamed over it. */
    Stamp rewrite(Writer records) throws IOException {
        long generation = ThreadLocalRandom.current().nextLong();
        Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
        byte[] header = (MAGIC + HEX.toHexDigits(generation) + "\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer body = records.bytes();
        int bodyLength = body.remaining();
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ByteBuffer[] buffers = {ByteBuffer.wrap(header), body};
                while (buffers[1].hasRemaining()) {
                    channel.write(buffers);
                }
                durability.force(channel);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
        durability.syncDirectory(file.getParent());
        return new Stamp(generation, header.length + bodyLength, modified());
    }

    private long modified() throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).lastModifiedTime().to(TimeUnit.NANOSECONDS);
    }

    private long generation(byte[] bytes, int length) throws Damaged {
        if (length < HEADER_LENGTH || !MAGIC.equals(new String(bytes, 0, MAGIC.length(), StandardCharsets.US_ASCII))
                || bytes[HEADER_LENGTH - 1] != '\n') {
            throw new Damaged(file + " is no UIDL map of version 1");
        }
        try {
            return HEX.fromHexDigitsToLong(new String(bytes, MAGIC.length(), 16, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new Damaged(file + " has no valid generation");
        }
    }

    /**
     * The records of the lines from the header to {@code end}, which ends a line. The base names are
     * decoded in place, each to the octets before its line (never longer than its escaped form), so
     * that a large map is not copied.
     */
    private static Records parse(byte[] bytes, int end, Stamp stamp) {
        int lines = 0;
        for (int p = HEADER_LENGTH; p < end; p++) {
            if (bytes[p] == '\n') {
                lines++;
            }
        }
        int[] nameStart = new int[lines + 1];
        PackedUidls uidls = new PackedUidls(lines, lines * 16);
        int count = 0;
        int invalid = 0;
        int nameBytes = 0;
        int lineStart = HEADER_LENGTH;
        CRC32C crc = new CRC32C();
        for (int p = HEADER_LENGTH; p < end; p++) {
            if (bytes[p] != '\n') {
                continue;
            }
            int firstSpace = indexOf(bytes, lineStart, p, (byte) ' ');
            int secondSpace = firstSpace < 0 ? -1 : indexOf(bytes, firstSpace + 1, p, (byte) ' ');
            int written = -1;
            if (secondSpace > 0 && isUidl(bytes, firstSpace + 1, secondSpace) && p - secondSpace == 9
                    && checksumMatches(crc, bytes, lineStart, secondSpace, p)) {
                // The UIDL is taken before the name is decoded over the octets before it.
                uidls.add(bytes, firstSpace + 1, secondSpace - firstSpace - 1);
                written = unescape(bytes, lineStart, firstSpace, nameBytes);
                if (written <= 0) {
                    uidls.removeLast();
                }
            }
            if (written > 0) {
                nameBytes += written;
                nameStart[++count] = nameBytes;
            } else {
                invalid++;
            }
            lineStart = p + 1;
        }
        return new Records(stamp, bytes, Arrays.copyOf(nameStart, count + 1), uidls, count, invalid);
    }

    /** Whether the octets from {@code from} to {@code end} are a UIDL RFC 1939 allows. */
    private static boolean isUidl(byte[] bytes, int from, int end) {
        if (end - from < 1 || end - from > ImportedMessage.MAX_UIDL_LENGTH) {
            return false;
        }
        for (int p = from; p < end; p++) {
            if (bytes[p] < 0x21 || bytes[p] > 0x7E) {
                return false;
            }
        }
        return true;
    }

    private static boolean checksumMatches(CRC32C crc, byte[] bytes, int from, int space, int end) {
        crc.reset();
        crc.update(bytes, from, space - from);
        try {
            return HEX.fromHexDigits(new String(bytes, space + 1, end - space - 1, StandardCharsets.US_ASCII))
                    == (int) crc.getValue();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Decodes the name from {@code from} to {@code end} with its {@code %XX} escapes to {@code at}, which
     * is not after {@code from}; the octets written, or -1 (and some octets before {@code end}
     * overwritten) if the name is not valid.
     */
    private static int unescape(byte[] bytes, int from, int end, int at) {
        int out = at;
        for (int p = from; p < end; p++) {
            byte b = bytes[p];
            if (b == '%') {
                if (p + 2 >= end || !HexFormat.isHexDigit(bytes[p + 1]) || !HexFormat.isHexDigit(bytes[p + 2])) {
                    return -1;
                }
                bytes[out++] = (byte) (HexFormat.fromHexDigit(bytes[p + 1]) << 4 | HexFormat.fromHexDigit(bytes[p + 2]));
                p += 2;
            } else if (b <= 0x20 || b >= 0x7F) {
                return -1;
            } else {
                bytes[out++] = b;
            }
        }
        int length = out - at;
        return length > 0 && length <= MessageTable.MAX_NAME ? length : -1;
    }

    private static int indexOf(byte[] bytes, int from, int end, byte b) {
        for (int p = from; p < end; p++) {
            if (bytes[p] == b) {
                return p;
            }
        }
        return -1;
    }
}
