package org.postbox.mailstore.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** The compact table's own workings: its order and its look-up by base name. */
class MessageTableTest {

    @Test
    void deliveryOrderIsTimeThenMicrosecondsThenBaseName() {
        Random random = new Random(42);
        MessageTable.Builder builder = new MessageTable.Builder(0, 0);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            // Few distinct times and microseconds, so that every tie-break is exercised.
            long seconds = 1_700_000_000L + random.nextInt(5);
            long micros = random.nextInt(3);
            String name = seconds + ".M" + micros + "P" + random.nextInt(1000) + "Q" + i + ".host"
                    + (random.nextBoolean() ? ":2,S" : "");
            names.add(name);
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            builder.add(0, bytes, MessageTable.baseNameLength(bytes), null, 1, 1, seconds, micros, 0);
        }
        MessageTable table = builder.build();

        List<String> expected = names.stream().sorted(Comparator
                .comparingLong((String n) -> MessageFileName.parse(n).seconds())
                .thenComparingLong(n -> MessageFileName.parse(n).micros())
                .thenComparing(n -> MessageFileName.parse(n).baseName())).toList();
        assertThat(IntStream.of(table.deliveryOrder()).mapToObj(table::name).toList()).isEqualTo(expected);
    }

    @Test
    void entriesAreFoundByTheirBaseNameWhateverTheirFlags() {
        MessageTable.Builder builder = new MessageTable.Builder(0, 0);
        for (int i = 0; i < 1000; i++) {
            byte[] name = ("1700000000.M" + i + "P1.host:2,S").getBytes(StandardCharsets.UTF_8);
            builder.add(MessageTable.IN_CUR, name, MessageTable.baseNameLength(name), null, 1, 1, 1_700_000_000L, i, 0);
        }
        MessageTable table = builder.build();

        for (int i = 0; i < 1000; i++) {
            byte[] renamed = ("1700000000.M" + i + "P1.host:2,RS").getBytes(StandardCharsets.UTF_8);
            assertThat(table.findBaseName(renamed, MessageTable.baseNameLength(renamed))).isEqualTo(i);
        }
        byte[] unknown = "1700000000.M1000P1.host".getBytes(StandardCharsets.UTF_8);
        assertThat(table.findBaseName(unknown, unknown.length)).isEqualTo(-1);
        byte[] longer = "1700000000.M1P1.host,S=1".getBytes(StandardCharsets.UTF_8);
        assertThat(table.findBaseName(longer, longer.length)).isEqualTo(-1);
    }

    @Test
    void namesFillPagesWithoutBeingSplitAndASmallTableKeepsASmallPage() {
        MessageTable.Builder builder = new MessageTable.Builder(0, 0);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            String name = "1700000000.M" + i + "P1." + "h".repeat(i % 200) + ":2,S";
            names.add(name);
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            builder.add(MessageTable.IN_CUR, bytes, MessageTable.baseNameLength(bytes), null, 1, 1, 1_700_000_000L, i, 0);
        }
        MessageTable table = builder.build();

        assertThat(IntStream.range(0, 4000).mapToObj(table::namePage).distinct().count()).isGreaterThan(4);
        for (int i = 0; i < 4000; i++) {
            assertThat(table.name(i)).isEqualTo(names.get(i));
            assertThat(table.nameOffset(i) + table.nameLength(i)).isLessThanOrEqualTo(table.namePage(i).length);
            byte[] renamed = (names.get(i).substring(0, names.get(i).indexOf(':')) + ":2,RS").getBytes(StandardCharsets.UTF_8);
            assertThat(table.findBaseName(renamed, MessageTable.baseNameLength(renamed))).isEqualTo(i);
        }

        byte[] one = "1700000000.M1P1.host,S=1,W=1".getBytes(StandardCharsets.UTF_8);
        MessageTable small = new MessageTable.Builder(1, one.length).add(0, one, 20, null, 1, 1, 1_700_000_000L, 1, 0).build();
        assertThat(small.namePage(0)).hasSize(one.length);
        assertThat(small.naturalUid(0)).isEqualTo("1700000000.M1P1.host");
    }
}
