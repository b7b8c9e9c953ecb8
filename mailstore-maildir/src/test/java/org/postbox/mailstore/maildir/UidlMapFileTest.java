package org.postbox.mailstore.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The UIDL map's file: what is written is read back in order, and a damaged line costs only itself. */
class UidlMapFileTest {

    @TempDir
    Path dir;

    private UidlMapFile map() {
        return new UidlMapFile(dir.resolve(UidlMapFile.FILE_NAME), new Durability(true));
    }

    @Test
    void noFileIsNoMap() throws IOException {
        assertThat(map().stamp()).isEmpty();
        assertThat(map().read()).isEmpty();
    }

    @Test
    void recordsAreReadBackInTheirOrderWhateverTheOctetsOfTheirNames() throws IOException {
        UidlMapFile map = map();
        UidlMapFile.Stamp written = map.append(Optional.empty(), new UidlMapFile.Writer()
                .add("1600000002.M2P42.old,S=10,W=11", "UID2")
                .add("1600000001.M1P42.old", "UID1")
                .add("foreign name 100%", "x")
                .add("r\u00e9sum\u00e9", "~~"));

        UidlMapFile.Records records = map.read().orElseThrow();

        assertThat(names(records)).containsExactly("1600000002.M2P42.old,S=10,W=11", "1600000001.M1P42.old",
                "foreign name 100%", "r\u00e9sum\u00e9");
        assertThat(List.of(records.uidl(0), records.uidl(1), records.uidl(2), records.uidl(3)))
                .containsExactly("UID2", "UID1", "x", "~~");
        assertThat(records.invalidLines()).isZero();
        assertThat(records.stamp()).isEqualTo(written).isEqualTo(map.stamp().orElseThrow());
        assertThat(Files.readString(map.path(), StandardCharsets.US_ASCII))
                .startsWith("postbox-uidls 1 ")
                .contains("\n1600000001.M1P42.old UID1 ")
                .contains("\nforeign%20name%20100%25 x ")
                .contains("\nr%c3%a9sum%c3%a9 ~~ ");
    }

    @Test
    void anAppendKeepsTheGenerationAndAFreshWriteChangesIt() throws IOException {
        UidlMapFile map = map();
        UidlMapFile.Stamp first = map.append(Optional.empty(), new UidlMapFile.Writer().add("a", "1"));

        UidlMapFile.Stamp appended = map.append(Optional.of(first), new UidlMapFile.Writer().add("b", "2"));
        UidlMapFile.Stamp rewritten = map.rewrite(new UidlMapFile.Writer().add("b", "2"));

        assertThat(appended.generation()).isEqualTo(first.generation());
        assertThat(appended.length()).isGreaterThan(first.length());
        assertThat(rewritten.generation()).isNotEqualTo(first.generation());
        assertThat(rewritten).isEqualTo(map.stamp().orElseThrow());
        assertThat(names(map.read().orElseThrow())).containsExactly("b");
        assertThat(dir.resolve(UidlMapFile.FILE_NAME + ".tmp")).doesNotExist();
    }

    @Test
    void anAppendToAMapChangedMeanwhileIsRefused() throws IOException {
        UidlMapFile map = map();
        UidlMapFile.Stamp first = map.append(Optional.empty(), new UidlMapFile.Writer().add("a", "1"));
        map.append(Optional.of(first), new UidlMapFile.Writer().add("b", "2"));

        assertThatThrownBy(() -> map.append(Optional.of(first), new UidlMapFile.Writer().add("c", "3")))
                .isInstanceOf(IOException.class).hasMessageContaining("changed");
    }

    @Test
    void aLastLineCutShortIsDroppedSoThatTheNextAppendStartsALineOfItsOwn() throws IOException {
        UidlMapFile map = map();
        map.append(Optional.empty(), new UidlMapFile.Writer().add("a", "1").add("b", "2"));
        byte[] whole = Files.readAllBytes(map.path());
        Files.write(map.path(), "c 3 1234".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);

        UidlMapFile.Records records = map.read().orElseThrow();
        map.append(Optional.of(records.stamp()), new UidlMapFile.Writer().add("d", "4"));

        assertThat(names(records)).containsExactly("a", "b");
        assertThat(records.stamp().length()).isEqualTo(whole.length);
        assertThat(names(map.read().orElseThrow())).containsExactly("a", "b", "d");
    }

    @Test
    void damagedLinesAreIgnoredAndCounted() throws IOException {
        UidlMapFile map = map();
        map.append(Optional.empty(), new UidlMapFile.Writer().add("a", "1").add("b", "2").add("c", "3"));
        String text = Files.readString(map.path(), StandardCharsets.US_ASCII);
        String damaged = text.replace("\nb 2 ", "\nb 9 ") // the checksum no longer matches
                + "d\n" + "e f\n" + "%zz 1 00000000\n" + "\n";
        Files.writeString(map.path(), damaged, StandardCharsets.US_ASCII);

        UidlMapFile.Records records = map.read().orElseThrow();

        assertThat(names(records)).containsExactly("a", "c");
        assertThat(records.invalidLines()).isEqualTo(5);
    }

    @Test
    void aFileWithoutTheHeaderIsDamagedAndLeftAsItIs() throws IOException {
        UidlMapFile map = map();
        Files.writeString(map.path(), "3 V1275660208 N25022\n1 :1600000001.M1P42.old\n", StandardCharsets.US_ASCII);

        assertThatThrownBy(map::stamp).isInstanceOf(UidlMapFile.Damaged.class);
        assertThatThrownBy(map::read).isInstanceOf(UidlMapFile.Damaged.class);
        assertThat(Files.readString(map.path(), StandardCharsets.US_ASCII)).startsWith("3 V1275660208");
    }

    @Test
    void invalidRecordsCannotBeWritten() {
        UidlMapFile.Writer writer = new UidlMapFile.Writer();

        assertThatThrownBy(() -> writer.add("a", "with space")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.add("", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(writer.size()).isZero();
    }

    private static List<String> names(UidlMapFile.Records records) {
        List<String> names = new ArrayList<>();
        for (int r = 0; r < records.size(); r++) {
            names.add(new String(records.names(), records.nameOffset(r), records.nameLength(r), StandardCharsets.UTF_8));
        }
        return names;
    }
}
