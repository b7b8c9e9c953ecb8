package org.postbox.mailstore.maildir;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32C;

import org.postbox.mailstore.ImportedMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A maildrop's index, {@code <root>/<domain>/<local>/postbox-index}: beside the Maildir, so that
 * Dovecot never sees it, and named apart from Dovecot's {@code dovecot-uidlist} and
 * {@code dovecot.index*}. It is a cache: a missing, damaged, foreign-version or stale file only
 * costs a full scan, never a message.
 *
 * <p>Format, version 3 (numbers are unsigned LEB128 varints, "zz" ones zigzag-encoded first):
 * <pre>
 * "PBXINDEX"  version:u8=2  count:varint  nameBytes:varint (all names together)
 * new/ stamp: seconds:zz nanos:varint inode:varint    cur/ stamp: the same
 * scan start: seconds:zz nanos:varint
 * curFlags:u8 (1: the cur/ stamp is the one our own renames left)  cur/ confirmed: seconds:zz nanos:varint
 * headerCrc:u32 (CRC-32C of every byte before it, so that a damaged count is never believed)
 * count entries, in delivery order:
 *   flags:u8  nameLength:varint name:UTF-8
 *   EXPLICIT_UID ? idLength:varint id:ASCII : uidLength:varint (the id is the name's first bytes)
 *   fileSize:varint crlfSize:varint sortSeconds:zz micros:varint
 *   VERIFY ? mtimeNanos:zz
 * hasMap:u8 (1: the maildrop has a UIDL map, see {@link UidlMapping}; 0: none, and nothing follows)
 *   map stamp: generation:varint (64 bits) length:varint modifiedNanos:zz   unresolved:varint
 *   mappedCount:varint, then for the mapped messages in the map's order: their positions, each as
 *     zz(position - previous position - 1) (so 0 for the next message; the first counts from -1);
 *     their UIDLs' lengths, u8 each; and all their UIDLs back to back, ASCII
 *   displacedCount:varint  displacedCount ascending positions:varint
 * crc:u32 (CRC-32C of every byte before it; both checksums big-endian)
 * </pre>
 * Positions are entry numbers (from 0) of this file.
 * Only the holder of the maildrop lock writes it, to {@code postbox-index.tmp} then renamed over
 * the old one, so a reader sees a whole file or the previous one. It is not forced to disk: a
 * file torn by a power loss fails its checksum and is rebuilt.
 */
final class MaildropIndexFile {

    static final String FILE_NAME = "postbox-index";
    static final int VERSION = 3;
    private static final int CUR_RENAMED = 1;

    private static final Logger LOG = LoggerFactory.getLogger(MaildropIndexFile.class);
    private static final byte[] MAGIC = "PBXINDEX".getBytes(StandardCharsets.US_ASCII);
    private static final int BUFFER = 64 * 1024;

    private final Path file;

    MaildropIndexFile(Path file) {
        this.file = file;
    }

    /** The index, or empty when there is none or it cannot be believed (the reason is logged). */
    Optional<MaildropIndex> read() {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return Optional.of(decode(new Input(channel)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (Damaged | EOFException | RuntimeException e) {
            // Valid checksums may still carry a value no Java type takes (a scan start beyond Instant's range).
            LOG.info("rebuilding {}: {}", file, e instanceof EOFException ? "truncated" : e.toString());
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("cannot read {}, scanning the Maildir instead: {}", file, e.toString());
            return Optional.empty();
        }
    }

    /** Replaces the index atomically. A failure is logged, not thrown: the index is only a cache. */
    void write(MaildropIndex index) {
        Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                encode(index, new Output(channel));
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot write {}; the next login lists the Maildir again: {}", file, e.toString());
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // nothing more to do; the next write truncates it
            }
        }
    }

    /**
     * Removes the index, so that the next open scans the whole Maildir: for when a message it
     * listed turned out to be gone although the folders' stamps said nothing changed.
     */
    void discard() {
        try {
            Files.deleteIfExists(file);
            LOG.info("dropped {}: it listed a message that is gone", file);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", file, e.toString());
        }
    }

    private static void encode(MaildropIndex index, Output out) throws IOException {
        MaildropSnapshot messages = index.messages();
        int nameBytes = 0;
        for (int n = 0; n < messages.size(); n++) {
            nameBytes += messages.nameLength(n) + messages.infoSuffix(n).length;
        }
        out.bytes(MAGIC, 0, MAGIC.length);
        out.u8(VERSION);
        out.varint(messages.size());
        out.varint(nameBytes);
        writeStamp(out, index.newStamp());
        writeStamp(out, index.curStamp());
        writeInstant(out, index.scanStart());
        out.u8(index.curRenamed() ? CUR_RENAMED : 0);
        writeInstant(out, index.curConfirmed());
        out.checksum();
        for (int n = 0; n < messages.size(); n++) {
            int flags = messages.flags(n);
            out.u8(flags);
            byte[] suffix = messages.infoSuffix(n);
            out.varint(messages.nameLength(n) + suffix.length);
            out.bytes(messages.nameArray(n), messages.nameOffset(n), messages.nameLength(n));
            out.bytes(suffix, 0, suffix.length);
            if ((flags & MessageTable.EXPLICIT_UID) != 0) {
                byte[] id = messages.naturalUid(n).getBytes(StandardCharsets.UTF_8);
                out.varint(id.length);
                out.bytes(id, 0, id.length);
            } else {
                out.varint(messages.uidLength(n));
            }
            out.varint(messages.fileSize(n));
            out.varint(messages.crlfSize(n));
            out.zigzag(messages.sortSeconds(n));
            out.varint(messages.micros(n));
            if ((flags & MessageTable.VERIFY) != 0) {
                out.zigzag(messages.modifiedNanos(n));
            }
        }
        encodeMapping(index.mapping(), out);
        out.checksum();
        out.flush();
    }

    private static void encodeMapping(UidlMapping mapping, Output out) throws IOException {
        UidlMapFile.Stamp stamp = mapping.stamp();
        if (stamp == null) {
            out.u8(0);
            return;
        }
        out.u8(1);
        out.varint(stamp.generation());
        out.varint(stamp.length());
        out.zigzag(stamp.modifiedNanos());
        out.varint(mapping.unresolved());
        out.varint(mapping.size());
        int previous = -1;
        for (int k = 0; k < mapping.size(); k++) {
            out.zigzag((long) mapping.file(k) - previous - 1);
            previous = mapping.file(k);
        }
        PackedUidls uidls = mapping.uidls();
        for (int k = 0; k < mapping.size(); k++) {
            out.u8(uidls.length(k));
        }
        for (int k = 0; k < mapping.size(); k++) {
            out.bytes(uidls.bytes(), uidls.offset(k), uidls.length(k));
        }
        out.varint(mapping.displaced().length);
        for (int n : mapping.displaced()) {
            out.varint(n);
        }
    }

    /** The mapping section, for an index of {@code count} entries; checked as thoroughly as the entries. */
    private static UidlMapping decodeMapping(Input in, int count) throws IOException {
        int hasMap = in.u8();
        if (hasMap == 0) {
            return UidlMapping.NONE;
        }
        if (hasMap != 1) {
            throw new Damaged("unknown map flag " + hasMap);
        }
        UidlMapFile.Stamp stamp = new UidlMapFile.Stamp(in.varint(), in.varint(), in.zigzag());
        long unresolved = in.varint();
        long mappedCount = in.varint();
        if (mappedCount > count || unresolved > Integer.MAX_VALUE) {
            throw new Damaged("impossible mapping of " + mappedCount + " messages, " + unresolved + " unresolved");
        }
        int[] mapped = new int[(int) mappedCount];
        BitSet seen = new BitSet(count);
        long previous = -1;
        for (int k = 0; k < mapped.length; k++) {
            long position = previous + 1 + in.zigzag();
            if (position < 0 || position >= count || seen.get((int) position)) {
                throw new Damaged("impossible or repeated position " + position + " in the mapping");
            }
            seen.set((int) position);
            mapped[k] = (int) position;
            previous = position;
        }
        // Packed as they are read: no object per UIDL on the way to a hundred thousand of them.
        int[] start = new int[mapped.length + 1];
        for (int k = 0; k < mapped.length; k++) {
            int length = in.u8();
            if (length < 1 || length > ImportedMessage.MAX_UIDL_LENGTH) {
                throw new Damaged("impossible UIDL length " + length + " of mapped message " + k);
            }
            start[k + 1] = start[k] + length;
        }
        byte[] bytes = new byte[start[mapped.length]];
        in.bytes(bytes, bytes.length);
        for (byte b : bytes) {
            if (b < 0x21 || b > 0x7E) {
                throw new Damaged("an invalid UIDL in the mapping");
            }
        }
        PackedUidls uidls = new PackedUidls(bytes, start, mapped.length);
        long displacedCount = in.varint();
        if (displacedCount > count - mappedCount) {
            throw new Damaged("impossible count of displaced messages " + displacedCount);
        }
        int[] displaced = new int[(int) displacedCount];
        for (int d = 0; d < displaced.length; d++) {
            displaced[d] = position(in, count, seen);
            if (d > 0 && displaced[d] < displaced[d - 1]) {
                throw new Damaged("displaced messages out of order at " + d);
            }
        }
        return new UidlMapping(stamp, mapped, uidls, displaced, (int) unresolved);
    }

    /** An entry number below {@code count} that {@code seen} does not have yet, which it then has. */
    private static int position(Input in, int count, BitSet seen) throws IOException {
        long position = in.varint();
        if (position >= count || seen.get((int) position)) {
            throw new Damaged("impossible or repeated position " + position + " in the mapping");
        }
        seen.set((int) position);
        return (int) position;
    }

    private static MaildropIndex decode(Input in) throws IOException {
        byte[] magic = new byte[MAGIC.length];
        in.bytes(magic, magic.length);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new Damaged("not a Postbox index");
        }
        int version = in.u8();
        if (version != VERSION) {
            throw new Damaged("version " + version + ", expected " + VERSION);
        }
        long count = in.varint();
        long nameBytes = in.varint();
        FolderStamp newStamp = readStamp(in);
        FolderStamp curStamp = readStamp(in);
        long scanSeconds = in.zigzag();
        int scanNanos = nanos(in);
        int curFlags = in.u8();
        if ((curFlags & ~CUR_RENAMED) != 0) {
            throw new Damaged("unknown flags " + curFlags + " of cur/");
        }
        long confirmedSeconds = in.zigzag();
        int confirmedNanos = nanos(in);
        in.checksum("header");
        // Each entry takes at least 8 bytes and its name is in the file: even a file with valid
        // checksums must not make us allocate more than it could hold.
        if (count > in.size() / 8 || nameBytes > in.size()) {
            throw new Damaged("impossible count " + count + " or length of names " + nameBytes);
        }
        Instant scanStart = Instant.ofEpochSecond(scanSeconds, scanNanos);
        Instant curConfirmed = Instant.ofEpochSecond(confirmedSeconds, confirmedNanos);
        MessageTable.Builder messages = new MessageTable.Builder((int) count, (int) nameBytes);
        Map<Integer, String> hashed = new HashMap<>();
        byte[] name = new byte[MessageTable.MAX_NAME];
        for (int i = 0; i < count; i++) {
            int flags = in.u8();
            if ((flags & ~MessageTable.ALL_FLAGS) != 0) {
                throw new Damaged("unknown flags " + flags + " at entry " + i);
            }
            int nameLength = length(in, MessageTable.MAX_NAME, "name");
            in.bytes(name, nameLength);
            String explicitUid = null;
            int uidLength = -1;
            if ((flags & MessageTable.EXPLICIT_UID) != 0) {
                byte[] id = new byte[length(in, MessageTable.MAX_NAME, "id")];
                in.bytes(id, id.length);
                explicitUid = new String(id, StandardCharsets.UTF_8);
            } else {
                uidLength = length(in, nameLength, "id");
            }
            long fileSize = in.varint();
            long crlfSize = in.varint();
            long sortSeconds = in.zigzag();
            long micros = in.varint();
            long modified = (flags & MessageTable.VERIFY) != 0 ? in.zigzag() : 0;
            messages.add(flags, name, nameLength, uidLength, explicitUid, fileSize, crlfSize, sortSeconds, micros, modified);
            if ((flags & MessageTable.COLLIDED) != 0) {
                String baseName = new String(name, 0, MessageTable.baseNameLength(name, 0, nameLength),
                        StandardCharsets.UTF_8);
                hashed.put(i, MessageFileName.hashedId(baseName));
            }
        }
        UidlMapping mapping = decodeMapping(in, (int) count);
        in.checksum("file");
        in.checkEnd();
        MessageTable table = messages.build();
        for (int i = 1; i < table.size(); i++) {
            if (MessageTable.compareDeliveryOrder(table, i - 1, table, i) > 0) {
                throw new Damaged("entries out of delivery order at " + i);
            }
        }
        return new MaildropIndex(MaildropSnapshot.of(table, hashed), newStamp, curStamp, scanStart,
                (curFlags & CUR_RENAMED) != 0, curConfirmed, mapping);
    }

    private static void writeInstant(Output out, Instant instant) throws IOException {
        out.zigzag(instant.getEpochSecond());
        out.varint(instant.getNano());
    }

    private static void writeStamp(Output out, FolderStamp stamp) throws IOException {
        out.zigzag(stamp.seconds());
        out.varint(stamp.nanos());
        out.varint(stamp.inode());
    }

    private static FolderStamp readStamp(Input in) throws IOException {
        return new FolderStamp(in.zigzag(), nanos(in), in.varint());
    }

    private static int nanos(Input in) throws IOException {
        long nanos = in.varint();
        if (nanos > 999_999_999) {
            throw new Damaged("impossible nanoseconds " + nanos);
        }
        return (int) nanos;
    }

    private static int length(Input in, int max, String what) throws IOException {
        long length = in.varint();
        if (length < 1 || length > max) {
            throw new Damaged("impossible " + what + " length " + length);
        }
        return (int) length;
    }

    /** The file is not what this version writes. */
    private static final class Damaged extends IOException {
        Damaged(String reason) {
            super(reason);
        }
    }

    /** Buffered reading with the checksum kept on the way. */
    private static final class Input {
        private final FileChannel channel;
        private final byte[] buffer = new byte[BUFFER];
        private final CRC32C crc = new CRC32C();
        private int position;
        private int limit;
        // The buffer's bytes before this are in the checksum already.
        private int summed;

        Input(FileChannel channel) {
            this.channel = channel;
        }

        long size() throws IOException {
            return channel.size();
        }

        int u8() throws IOException {
            if (position == limit) {
                fill();
            }
            return buffer[position++] & 0xFF;
        }

        void bytes(byte[] into, int length) throws IOException {
            bytes(into, 0, length);
        }

        void bytes(byte[] into, int offset, int length) throws IOException {
            int done = 0;
            while (done < length) {
                if (position == limit) {
                    fill();
                }
                int n = Math.min(length - done, limit - position);
                System.arraycopy(buffer, position, into, offset + done, n);
                position += n;
                done += n;
            }
        }

        long varint() throws IOException {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = u8();
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new Damaged("overlong number");
        }

        long zigzag() throws IOException {
            long raw = varint();
            return (raw >>> 1) ^ -(raw & 1);
        }

        /** Reads a stored checksum and compares it with that of every byte before it. */
        void checksum(String what) throws IOException {
            crc.update(buffer, summed, position - summed);
            summed = position;
            int expected = (int) crc.getValue();
            int stored = 0;
            for (int k = 0; k < 4; k++) {
                stored = stored << 8 | u8();
            }
            if (stored != expected) {
                throw new Damaged(what + " checksum mismatch");
            }
        }

        void checkEnd() throws IOException {
            if (position != limit || channel.read(ByteBuffer.allocate(1)) >= 0) {
                throw new Damaged("bytes after the checksum");
            }
        }

        private void fill() throws IOException {
            crc.update(buffer, summed, limit - summed);
            position = 0;
            limit = 0;
            summed = 0;
            ByteBuffer into = ByteBuffer.wrap(buffer);
            while (limit == 0) {
                int n = channel.read(into);
                if (n < 0) {
                    throw new EOFException();
                }
                limit = into.position();
            }
        }
    }

    /** Buffered writing with the checksum kept on the way. */
    private static final class Output {
        private final FileChannel channel;
        private final byte[] buffer = new byte[BUFFER];
        private final CRC32C crc = new CRC32C();
        private int position;
        // The buffer's bytes before this are in the checksum already.
        private int summed;

        Output(FileChannel channel) {
            this.channel = channel;
        }

        void u8(int b) throws IOException {
            if (position == buffer.length) {
                flush();
            }
            buffer[position++] = (byte) b;
        }

        void bytes(byte[] bytes, int offset, int length) throws IOException {
            int done = 0;
            while (done < length) {
                if (position == buffer.length) {
                    flush();
                }
                int n = Math.min(length - done, buffer.length - position);
                System.arraycopy(bytes, offset + done, buffer, position, n);
                position += n;
                done += n;
            }
        }

        void varint(long value) throws IOException {
            long rest = value;
            while ((rest & ~0x7FL) != 0) {
                u8((int) (rest & 0x7F) | 0x80);
                rest >>>= 7;
            }
            u8((int) rest);
        }

        void zigzag(long value) throws IOException {
            varint((value << 1) ^ (value >> 63));
        }

        /** Writes the checksum of every byte written before it. */
        void checksum() throws IOException {
            crc.update(buffer, summed, position - summed);
            summed = position;
            int value = (int) crc.getValue();
            for (int shift = 24; shift >= 0; shift -= 8) {
                u8(value >>> shift);
            }
        }

        void flush() throws IOException {
            crc.update(buffer, summed, position - summed);
            ByteBuffer out = ByteBuffer.wrap(buffer, 0, position);
            while (out.hasRemaining()) {
                channel.write(out);
            }
            position = 0;
            summed = 0;
        }
    }
}
