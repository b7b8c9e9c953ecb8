package org.postbox.migration.dovecot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.migration.Fixtures;
import org.postbox.migration.SourceFormatException;
import org.postbox.migration.SourceProblem;

class DovecotUidlistTest {

    private static final Path MAIL = Fixtures.dovecot().resolve("mail");

    @TempDir
    Path dir;

    @Test
    void readsDovecotsVersionThreeHeaderAndRecords() throws IOException {
        DovecotUidlist uidlist = DovecotUidlist.read(MAIL.resolve("example.com/alice/Maildir/dovecot-uidlist"));

        assertThat(uidlist.header().version()).isEqualTo(3);
        assertThat(uidlist.header().guid()).get().asString().hasSize(32);
        // Dovecot's default UIDL ends in the UIDVALIDITY as eight hex digits.
        String firstUidl = Fixtures.answers(Fixtures.dovecot().resolve("answers/alice.default")).get(0).uidl();
        assertThat(Long.parseLong(firstUidl.substring(8), 16)).isEqualTo(uidlist.header().uidValidity());
        assertThat(uidlist.all()).extracting(UidlistRecord::uid).containsExactly(1L, 2L, 3L);
        assertThat(uidlist.all()).allSatisfy(record -> {
            assertThat(record.baseName()).doesNotContain(":");
            assertThat(Files.exists(MAIL.resolve("example.com/alice/Maildir/cur").resolve(record.baseName() + ":2,"))).isTrue();
        });
        assertThat(uidlist.problems()).isEmpty();
    }

    @Test
    void readsTheExtensionsDovecotAndMigrationToolsWrite() throws IOException {
        DovecotUidlist erin = DovecotUidlist.read(MAIL.resolve("example.org/erin/Maildir/dovecot-uidlist"));
        DovecotUidlist dave = DovecotUidlist.read(MAIL.resolve("example.com/dave/Maildir/dovecot-uidlist"));

        List<UidlistRecord> records = new ArrayList<>(erin.all());
        assertThat(records).extracting(UidlistRecord::pop3Order)
                .containsExactly(OptionalLong.of(3), OptionalLong.of(1), OptionalLong.of(2));
        assertThat(records.get(1).pop3Uidl()).contains("migrated-uidl-2");
        assertThat(records.get(2).guid()).contains("cafe0000000000000000000000000003");
        // pop3_save_uidl with %f stores an empty P: "the base file name"
        assertThat(dave.all()).extracting(UidlistRecord::pop3Uidl)
                .containsExactly(Optional.of(""), Optional.of(""), Optional.empty());
    }

    @Test
    void readsVersionOne() throws IOException {
        DovecotUidlist uidlist = DovecotUidlist.read(Fixtures.dovecot().resolve("frank-uidlist-v1"));

        assertThat(uidlist.header().version()).isEqualTo(1);
        assertThat(uidlist.header().nextUid()).isEqualTo(3);
        assertThat(uidlist.all()).extracting(UidlistRecord::uid).containsExactly(1L, 2L);
        assertThat(uidlist.all()).allSatisfy(record -> assertThat(record.fileName()).contains(",S=").doesNotStartWith(":"));
    }

    @Test
    void aBadLineIsLeftOutWithItsLineNumberAndTheRestIsRead() throws IOException {
        Path file = write("3 V1700000000 N9 Gabc X1\n"
                + "1 :1700000000.M1P1.host,S=10,W=11\n"
                + "two :1700000001.M1P1.host\n"
                + "3 W12 Q7 :1700000002.M1P1.host:2,S\n"
                + "2 :1700000003.M1P1.host\n"
                + "4 w12 :1700000004.M1P1.host\n"
                + "5 Sx :1700000005.M1P1.host\n"
                + "6 1700000006.M1P1.host\n"
                + "7 :1700000002.M1P1.host:2,\n"
                + "\n"
                + "8 Pabc Ox :1700000008.M1P1.host\n"
                + "9 :1700000009.M1P1.host");

        DovecotUidlist uidlist = DovecotUidlist.read(file);

        assertThat(uidlist.header().otherFields()).containsExactly("X1");
        assertThat(uidlist.all()).extracting(UidlistRecord::uid).containsExactly(1L, 3L, 9L);
        assertThat(uidlist.record("1700000002.M1P1.host").orElseThrow().otherExtensions()).containsExactly("Q7");
        assertThat(uidlist.problems()).extracting(SourceProblem::line).containsExactly(3L, 5L, 6L, 7L, 8L, 9L, 11L);
        assertThat(uidlist.problems()).extracting(SourceProblem::reason).containsExactly(
                "UID 'two' is not a number; the line is left out",
                "UID 2 does not follow UID 3; UIDs must grow from line to line; the line is left out",
                "extension 'w12' does not start with a capital letter; the line is left out",
                "file size (S) 'x' is not a number; the line is left out",
                "expected '<uid> [<extensions>] :<file name>'; the line is left out",
                "the file 1700000002.M1P1.host has UID 3 on line 4 already; this line is left out",
                "POP3 order (O) 'x' is not a number; the line is left out");
        assertThat(uidlist.problems().get(0).toString()).isEqualTo(file + ":3: UID 'two' is not a number; the line is left out");
    }

    @Test
    void anUnknownHeaderMakesTheFileUnreadable() throws IOException {
        Path version2 = write("2 1700000000 5\n1 :a\n");
        Path noValidity = write("3 N5\n");
        Path empty = write("");

        assertThatThrownBy(() -> DovecotUidlist.read(version2)).isInstanceOf(SourceFormatException.class)
                .hasMessage(version2 + ":1: header '2 1700000000 5': version 2 is not one Dovecot writes (1 or 3); the file cannot be read");
        assertThatThrownBy(() -> DovecotUidlist.read(noValidity)).hasMessageContaining("lacks V<uidvalidity>");
        assertThatThrownBy(() -> DovecotUidlist.read(empty)).hasMessage(empty + ": the file is empty");
    }

    @Test
    void aMillionLinesAreStreamedOneRecordAtATime() throws IOException {
        Path file = dir.resolve("dovecot-uidlist");
        int count = 1_000_000;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            out.write("3 V1700000000 N" + (count + 1) + " G0123456789abcdef0123456789abcdef\n");
            for (int uid = 1; uid <= count; uid++) {
                out.write(uid + " W" + (1000 + uid % 977) + " :" + (1700000000 + uid) + ".M" + uid + "P42.mail.example.net,S="
                        + (900 + uid % 977) + "\n");
            }
        }
        AtomicLong records = new AtomicLong();
        AtomicLong lastUid = new AtomicLong();
        List<SourceProblem> problems = new ArrayList<>();

        UidlistHeader header = DovecotUidlist.stream(file, record -> {
            records.incrementAndGet();
            lastUid.set(record.uid());
        }, problems);

        assertThat(header.nextUid()).isEqualTo(count + 1);
        assertThat(records.get()).isEqualTo(count);
        assertThat(lastUid.get()).isEqualTo(count);
        assertThat(problems).isEmpty();
    }

    private Path write(String content) throws IOException {
        Path file = Files.createTempFile(dir, "uidlist", "");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }
}
