package org.postbox.migration.courier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postbox.migration.Fixtures;
import org.postbox.migration.Fixtures.Answer;
import org.postbox.migration.SourceFormatException;
import org.postbox.migration.SourceProblem;
import org.postbox.migration.UidlOutcome;

class CourierSizeListTest {

    @TempDir
    Path dir;

    /** Each list's lines give, in order, the UIDLs and sizes Courier answered from it. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "alice-sizelist-1, 3, alice.1",
            "mail/example.com/alice/Maildir/courierpop3dsizelist, 3, alice.2",
            "bob-sizelist-v2, 2, bob.v2",
            "carol-sizelist-uid0, 3, carol.uid0",
    })
    void entriesGiveTheUidlsAndSizesCourierAnswered(String list, int version, String answers) throws IOException {
        CourierSizeList sizeList = CourierSizeList.read(Fixtures.courier().resolve(list));
        List<Answer> expected = Fixtures.answers(Fixtures.courier().resolve("answers").resolve(answers));

        assertThat(sizeList.version()).isEqualTo(version);
        assertThat(sizeList.problems()).isEmpty();
        List<SizeListEntry> entries = new ArrayList<>(sizeList.entries().values());
        assertThat(entries).hasSameSizeAs(expected);
        for (int i = 0; i < entries.size(); i++) {
            assertThat(uidl(entries.get(i).uidl())).as("message %d", i + 1).isEqualTo(expected.get(i).uidl());
            assertThat(entries.get(i).size()).as("message %d", i + 1).isEqualTo(expected.get(i).size());
        }
    }

    @Test
    void fileNameUidlsAreEscapedAsCourierDoesAndMayBeTooLongForRfc1939() throws IOException {
        CourierSizeList carol = CourierSizeList.read(Fixtures.courier().resolve("carol-sizelist-uid0"));

        SizeListEntry awkward = carol.entries().values().iterator().next();

        assertThat(awkward.uid()).isZero();
        assertThat(awkward.uidl()).isInstanceOfSatisfying(UidlOutcome.Invalid.class, invalid -> {
            assertThat(invalid.uidl()).contains("+22quoted+27+2Bplus").doesNotContain(":");
            assertThat(invalid.reason()).contains("RFC 1939 allows at most 70");
        });
    }

    @Test
    void readsTheOldestFormatsAsCourierWroteThem() throws IOException {
        Path version0 = write("1100000000.123.host 412\n1100000001.124.host:2,S 515\n");
        Path version1 = write("/1 3 0\n1100000000.123.host 412 1\n1100000001.124.host:2,S 515 2\n");

        CourierSizeList zero = CourierSizeList.read(version0);
        CourierSizeList one = CourierSizeList.read(version1);

        assertThat(zero.version()).isZero();
        assertThat(zero.entries().values()).extracting(entry -> uidl(entry.uidl()))
                .containsExactly("1100000000.123.host", "1100000001.124.host");
        assertThat(one.entries().values()).extracting(entry -> uidl(entry.uidl())).containsExactly("UID1", "UID2");
        assertThat(one.entry("1100000001.124.host")).get().extracting(SizeListEntry::size).isEqualTo(515L);
    }

    @Test
    void badLinesAreLeftOutAndReported() throws IOException {
        Path file = write("/3 9 1700000000\n"
                + "a.host 10 1:1700000000:0\n"
                + "no-size-here\n"
                + "b.host ten 2:1700000000:0\n"
                + "c.host 12 3:x:0\n"
                + "a.host:2,S 10 4:1700000000:0\n"
                + "d name with spaces 13 5:1700000000:1\n");

        CourierSizeList list = CourierSizeList.read(file);

        assertThat(list.nextUid()).isEqualTo(9);
        assertThat(list.uidValidity()).isEqualTo(1700000000);
        assertThat(list.entries().keySet()).containsExactly("a.host", "d name with spaces");
        assertThat(list.entry("d name with spaces").orElseThrow().utf8()).isTrue();
        assertThat(list.problems()).extracting(SourceProblem::line).containsExactly(3L, 4L, 5L, 6L);
        assertThat(list.problems()).extracting(SourceProblem::reason).containsExactly(
                "expected '<file name> <size> <uid>:<uidv>[:<utf8>]'; the line is left out",
                "size 'ten' is not a number; the line is left out",
                "uidv 'x' is not a number; the line is left out",
                "the file a.host is on line 2 already; this line is left out");
    }

    @Test
    void aBadHeaderMakesTheFileUnreadable() throws IOException {
        Path file = write("/4 2 1700000000\na 1 1:1:0\n");

        assertThatThrownBy(() -> CourierSizeList.read(file)).isInstanceOf(SourceFormatException.class)
                .hasMessage(file + ":1: header '/4 2 1700000000': expected /<version 1 to 3> <next uid> [<uidv>]");
    }

    /** The UIDL Courier sends, whether or not RFC 1939 allows it. */
    static String uidl(UidlOutcome outcome) {
        if (outcome instanceof UidlOutcome.Valid valid) {
            return valid.uidl();
        }
        if (outcome instanceof UidlOutcome.Invalid invalid) {
            return invalid.uidl();
        }
        throw new AssertionError(outcome);
    }

    private Path write(String content) throws IOException {
        Path file = Files.createTempFile(dir, "courierpop3dsizelist", "");
        Files.writeString(file, content);
        return file;
    }
}
