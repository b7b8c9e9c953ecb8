package org.postbox.mailstore.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index file's format: what is written is read back, and anything else is not believed. */
class MaildropIndexFileTest {

    private static final FolderStamp NEW_STAMP = new FolderStamp(1_700_000_000L, 123_456_789, 4711);
    private static final FolderStamp CUR_STAMP = new FolderStamp(1_700_000_100L, 0, 4712);
    private static final Instant SCAN_START = Instant.ofEpochSecond(1_700_000_200L, 5);

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve(MaildropIndexFile.FILE_NAME);
    }

    /** Entries of every kind: ours, Dovecot's with flags, foreign and measured, hashed id, colliding twins. */
    private static MaildropSnapshot sample() {
        String longName = "1700000004.M1P1." + "very-long-host-name-".repeat(5);
        return MaildropSnapshot.of(new MessageTable.Builder(0, 0)
                .add(0, bytes("1700000001.M10P2Q1.host,S=3000,W=3050"), 23, null, 3000, 3050, 1_700_000_001L, 10, 0)
                .add(MessageTable.IN_CUR, bytes("1700000002.M20P2.host,S=10,W=11:2,S"), 21, null, 10, 11, 1_700_000_002L, 20, 0)
                .add(MessageTable.IN_CUR | MessageTable.VERIFY, bytes("1700000003.M1P1.host:2,RS"), 20, null, 7, 9,
                        1_700_000_003L, 1, 1_700_000_003_250_000_000L)
                .add(MessageTable.VERIFY, bytes(longName), -1, MessageFileName.hashedId(longName), 1, 1, 1_700_000_004L, 1,
                        -42)
                .add(MessageTable.VERIFY, bytes("r\u00e9sum\u00e9"), -1, MessageFileName.hashedId("r\u00e9sum\u00e9"), 2, 2,
                        1_700_000_005L, 0, 1_700_000_005_000_000_000L)
                .add(0, bytes("1700000006.M1P1.host,S=1"), 20, null, 1, 1, 1_700_000_006L, 1, 0)
                .add(MessageTable.IN_CUR, bytes("1700000006.M1P1.host,S=2:2,S"), 20, null, 2, 2, 1_700_000_006L, 1, 0)
                .add(0, bytes("1700000007.M1P1.host,S=1,odd"), -1, "1700000007.M1P1.host,odd", 1, 1, 1_700_000_007L, 1, 0)
                .build());
    }

    @Test
    void whatIsWrittenIsReadBack() {
        MaildropSnapshot messages = sample();
        MaildropIndexFile index = new MaildropIndexFile(file());

        index.write(new MaildropIndex(messages, NEW_STAMP, CUR_STAMP, SCAN_START));
        Optional<MaildropIndex> read = index.read();

        assertThat(read).hasValueSatisfying(back -> {
            assertThat(back.newStamp()).isEqualTo(NEW_STAMP);
            assertThat(back.curStamp()).isEqualTo(CUR_STAMP);
            assertThat(back.scanStart()).isEqualTo(SCAN_START);
            assertThat(rows(back.messages())).isEqualTo(rows(messages));
        });
        assertThat(messages.uniqueId(5)).isEqualTo(MessageFileName.hashedId("1700000006.M1P1.host,S=1"));
        assertThat(messages.uniqueId(6)).isEqualTo(MessageFileName.hashedId("1700000006.M1P1.host,S=2"));
        assertThat(messages.uniqueId(0)).isEqualTo("1700000001.M10P2Q1.host");
        assertThat(messages.uniqueId(7)).isEqualTo("1700000007.M1P1.host,odd");
        assertThat(dir.resolve(MaildropIndexFile.FILE_NAME + ".tmp")).doesNotExist();
    }

    @Test
    void messagesMovedToCurAndTheStampOfTheRenamesAreReadBack() {
        MaildropSnapshot listed = sample();
        BitSet moved = new BitSet();
        moved.set(0); // gets the info part of no flags
        moved.set(3); // the long foreign name, likewise
        MaildropSnapshot messages = listed.movedToCur(moved);
        Instant confirmed = SCAN_START.minusSeconds(600);
        MaildropIndexFile index = new MaildropIndexFile(file());

        index.write(new MaildropIndex(messages, NEW_STAMP, CUR_STAMP, SCAN_START, true, confirmed));

        assertThat(index.read()).hasValueSatisfying(back -> {
            assertThat(back.curRenamed()).isTrue();
            assertThat(back.curConfirmed()).isEqualTo(confirmed);
            assertThat(rows(back.messages())).isEqualTo(rows(messages));
            assertThat(back.messages().name(0)).isEqualTo("1700000001.M10P2Q1.host,S=3000,W=3050:2,");
            assertThat(back.messages().inCur(0)).isTrue();
            assertThat(back.messages().uniqueId(0)).isEqualTo(listed.uniqueId(0));
            assertThat(back.messages().uniqueId(3)).isEqualTo(listed.uniqueId(3));
        });
    }

    @Test
    void theUidlMappingIsReadBack() {
        MaildropIndexFile index = new MaildropIndexFile(file());

        index.write(new MaildropIndex(sample(), NEW_STAMP, CUR_STAMP, SCAN_START).withMapping(sampleMapping()));

        assertThat(index.read()).hasValueSatisfying(back -> {
            UidlMapping mapping = back.mapping();
            assertThat(mapping.stamp()).isEqualTo(MAP_STAMP);
            assertThat(mapping.size()).isEqualTo(3);
            assertThat(List.of(mapping.file(0), mapping.file(1), mapping.file(2))).containsExactly(6, 0, 2);
            assertThat(List.of(mapping.uidl(0), mapping.uidl(1), mapping.uidl(2)))
                    .containsExactly("UID7", "1700000003.M1P1.host", "~!");
            assertThat(mapping.displaced()).containsExactly(3, 4);
            assertThat(mapping.unresolved()).isEqualTo(2);
            MessageOrder order = new MessageOrder(back.messages(), mapping);
            assertThat(List.of(order.uniqueId(0), order.uniqueId(1), order.uniqueId(2), order.uniqueId(3),
                    order.uniqueId(4))).containsExactly("UID7", "1700000003.M1P1.host", "~!",
                    back.messages().uniqueId(1), MessageFileName.hashedId(back.messages().baseName(3)));
        });
    }

    @Test
    void anIndexWithoutAMapHasNoMapping() {
        MaildropIndexFile index = writeSample();

        index.write(new MaildropIndex(sample(), NEW_STAMP, CUR_STAMP, SCAN_START));

        assertThat(index.read()).hasValueSatisfying(back -> assertThat(back.mapping().stamp()).isNull());
    }

    @Test
    void anEmptyMaildropHasAnIndexToo() {
        MaildropIndexFile index = new MaildropIndexFile(file());

        index.write(new MaildropIndex(MaildropSnapshot.EMPTY, NEW_STAMP, FolderStamp.MISSING, SCAN_START));

        assertThat(index.read()).hasValueSatisfying(back -> {
            assertThat(back.messages().size()).isZero();
            assertThat(back.curStamp()).isEqualTo(FolderStamp.MISSING);
        });
    }

    @Test
    void aMissingFileIsNoIndex() {
        assertThat(new MaildropIndexFile(file()).read()).isEmpty();
    }

    @Test
    void anyChangedByteIsCaught() throws IOException {
        MaildropIndexFile index = writeSample();
        byte[] good = Files.readAllBytes(file());

        for (int at = 0; at < good.length; at++) {
            for (int flip : new int[] {0x01, 0x10, 0x80, 0xFF}) {
                byte[] bad = good.clone();
                bad[at] ^= (byte) flip;
                Files.write(file(), bad);
                assertThat(index.read()).as("byte %d changed by %x", at, flip).isEmpty();
            }
        }
    }

    @Test
    void aTruncatedFileIsNotBelieved() throws IOException {
        MaildropIndexFile index = writeSample();
        byte[] good = Files.readAllBytes(file());

        for (int length : new int[] {0, 5, 12, good.length / 2, good.length - 4, good.length - 1}) {
            Files.write(file(), Arrays.copyOf(good, length));
            assertThat(index.read()).as("cut to %d bytes", length).isEmpty();
        }
    }

    @Test
    void bytesAfterTheChecksumAreNotBelieved() throws IOException {
        MaildropIndexFile index = writeSample();
        byte[] good = Files.readAllBytes(file());

        Files.write(file(), Arrays.copyOf(good, good.length + 1));

        assertThat(index.read()).isEmpty();
    }

    @Test
    void anotherVersionOrAnotherProgramsFileIsNotBelieved() throws IOException {
        MaildropIndexFile index = writeSample();
        byte[] good = Files.readAllBytes(file());
        byte[] future = good.clone();
        future[8] = (byte) (MaildropIndexFile.VERSION + 1);

        Files.write(file(), future);
        assertThat(index.read()).isEmpty();

        Files.writeString(file(), "3 V1700000000 N1 G0123\n1 :1700000001.M1P1.host\n", StandardCharsets.US_ASCII);
        assertThat(index.read()).isEmpty();
    }

    @Test
    void aHeaderWithImpossibleValuesIsNotBelievedEvenWithAValidChecksum() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("PBXINDEX".getBytes(StandardCharsets.US_ASCII));
        out.write(MaildropIndexFile.VERSION);
        varint(out, 0); // count
        varint(out, 0); // length of names
        for (int stamp = 0; stamp < 2; stamp++) {
            varint(out, 0);
            varint(out, 0);
            varint(out, 0);
        }
        varint(out, -2); // zigzag of Long.MAX_VALUE: a scan start no Instant can hold
        varint(out, 0);
        out.write(0); // cur/ flags
        varint(out, 0);
        varint(out, 0);
        // The header's checksum, which is also the whole file's here: the file ends after it.
        CRC32C crc = new CRC32C();
        crc.update(out.toByteArray());
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        Files.write(file(), out.toByteArray());

        assertThat(new MaildropIndexFile(file()).read()).isEmpty();
    }

    @Test
    void entriesOutOfDeliveryOrderAreNotBelievedEvenWithAValidChecksum() {
        MaildropSnapshot shuffled = MaildropSnapshot.of(new MessageTable.Builder(0, 0)
                .add(0, bytes("1700000002.M1P1.host"), 20, null, 1, 1, 1_700_000_002L, 1, 0)
                .add(0, bytes("1700000001.M1P1.host"), 20, null, 1, 1, 1_700_000_001L, 1, 0)
                .build());
        MaildropIndexFile index = new MaildropIndexFile(file());

        index.write(new MaildropIndex(shuffled, NEW_STAMP, CUR_STAMP, SCAN_START));

        assertThat(file()).exists();
        assertThat(index.read()).isEmpty();
    }

    @Test
    void aFileThatCannotBeWrittenIsLeftAloneWithoutAFailure() throws IOException {
        Files.createDirectories(file().resolve("in-the-way"));
        MaildropIndexFile index = new MaildropIndexFile(file());

        index.write(new MaildropIndex(sample(), NEW_STAMP, CUR_STAMP, SCAN_START));

        assertThat(file()).isDirectory();
        assertThat(index.read()).isEmpty();
        assertThat(dir.resolve(MaildropIndexFile.FILE_NAME + ".tmp")).doesNotExist();
    }

    private static final UidlMapFile.Stamp MAP_STAMP = new UidlMapFile.Stamp(-7_000_000_000_000_000_000L, 4242,
            1_700_000_300_000_000_123L);

    /** Three of the sample's messages mapped, two displaced, two records naming nothing. */
    private static UidlMapping sampleMapping() {
        PackedUidls uidls = new PackedUidls();
        uidls.add("UID7");
        uidls.add("1700000003.M1P1.host");
        uidls.add("~!");
        return new UidlMapping(MAP_STAMP, new int[] {6, 0, 2}, uidls, new int[] {3, 4}, 2);
    }

    /** The sample with a UIDL mapping, so that every section of the format is there to be damaged. */
    private MaildropIndexFile writeSample() {
        MaildropIndexFile index = new MaildropIndexFile(file());
        index.write(new MaildropIndex(sample(), NEW_STAMP, CUR_STAMP, SCAN_START).withMapping(sampleMapping()));
        assertThat(index.read()).isPresent();
        return index;
    }

    private static List<String> rows(MaildropSnapshot table) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < table.size(); i++) {
            rows.add(String.join(" | ", table.name(i), Integer.toString(table.flags(i)), table.uniqueId(i),
                    table.naturalUid(i), Long.toString(table.fileSize(i)), Long.toString(table.crlfSize(i)),
                    Long.toString(table.sortSeconds(i)), Long.toString(table.micros(i)),
                    Long.toString(table.modifiedNanos(i))));
        }
        return rows;
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            out.write((int) (rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        out.write((int) rest);
    }

    private static byte[] bytes(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }
}
