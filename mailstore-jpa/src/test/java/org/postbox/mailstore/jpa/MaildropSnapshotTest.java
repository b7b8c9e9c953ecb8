package org.postbox.mailstore.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.postbox.mailstore.MessageInfo;

/** The compact snapshot: the same list of messages as one built of {@link MessageInfo} values. */
class MaildropSnapshotTest {

    private static final long UID_VALIDITY = 1_733_443_200_000L;

    @Test
    void listsEachMessageWithItsUniqueIdAndSizeInNumberOrder() {
        MaildropSnapshot.Builder builder = new MaildropSnapshot.Builder(UID_VALIDITY, 3);
        builder.add(7, 120);
        builder.add(36, 4_096);
        builder.add(5_000_000_000L, 3_000_000_000L);

        MaildropSnapshot snapshot = builder.build();

        assertThat(snapshot).containsExactly(
                new MessageInfo(UniqueIds.of(UID_VALIDITY, 7), 120),
                new MessageInfo(UniqueIds.of(UID_VALIDITY, 36), 4_096),
                new MessageInfo(UniqueIds.of(UID_VALIDITY, 5_000_000_000L), 3_000_000_000L));
        assertThat(snapshot.get(1).uniqueId()).isEqualTo(Long.toString(UID_VALIDITY, 36) + ".10");
        assertThat(snapshot.id(1)).isEqualTo(7);
        assertThat(snapshot.id(3)).isEqualTo(5_000_000_000L);
    }

    @Test
    void importedMessagesAreListedUnderTheirUidlsAndTheOthersUnderTheirOwn() {
        MaildropSnapshot.Builder builder = new MaildropSnapshot.Builder(UID_VALIDITY, 2);
        builder.add(1, 10);
        builder.add(2, 20, "UID2-old");
        builder.add(3, 30);
        for (int i = 0; i < 100; i++) {
            builder.add(4 + i, 40, "~".repeat(1 + i % 70));
        }

        MaildropSnapshot snapshot = builder.build();

        assertThat(snapshot).hasSize(103);
        assertThat(snapshot.subList(0, 3)).containsExactly(new MessageInfo(UniqueIds.of(UID_VALIDITY, 1), 10),
                new MessageInfo("UID2-old", 20), new MessageInfo(UniqueIds.of(UID_VALIDITY, 3), 30));
        assertThat(snapshot.get(102).uniqueId()).isEqualTo("~".repeat(30));
        assertThat(snapshot.id(2)).isEqualTo(2);
    }

    @Test
    void holdsEveryMessageWhateverTheExpectedCount() {
        for (int expected : new int[] {0, 1, 999, 1_000, 1_001, 100_000}) {
            List<MessageInfo> plain = new ArrayList<>();
            MaildropSnapshot.Builder builder = new MaildropSnapshot.Builder(UID_VALIDITY, expected);
            for (int i = 0; i < 1_000; i++) {
                long id = 10L * i + 3;
                builder.add(id, i + 1);
                plain.add(new MessageInfo(UniqueIds.of(UID_VALIDITY, id), i + 1));
            }

            MaildropSnapshot snapshot = builder.build();

            assertThat(snapshot).as("expected %d", expected).hasSize(1_000).isEqualTo(plain);
            assertThat(snapshot.hashCode()).isEqualTo(plain.hashCode());
            assertThat(snapshot.id(1_000)).isEqualTo(9_993);
        }
    }

    @Test
    void anAbsurdExpectedCountCostsNoHugeArrays() {
        MaildropSnapshot.Builder builder = new MaildropSnapshot.Builder(UID_VALIDITY, Integer.MAX_VALUE);
        builder.add(1, 10);
        builder.add(2, 20);

        assertThat(builder.build()).extracting(MessageInfo::size).containsExactly(10L, 20L);
    }

    @Test
    void anEmptyListingIsAnEmptySnapshot() {
        MaildropSnapshot snapshot = new MaildropSnapshot.Builder(UID_VALIDITY, 5).build();

        assertThat(snapshot).isEmpty();
        assertThat(snapshot).isEqualTo(List.of());
    }

    @Test
    void cannotBeChangedNorReadOutsideItsNumbers() {
        MaildropSnapshot.Builder builder = new MaildropSnapshot.Builder(UID_VALIDITY, 10);
        builder.add(1, 10);
        MaildropSnapshot snapshot = builder.build();

        assertThatThrownBy(() -> snapshot.add(new MessageInfo("x", 1))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> snapshot.set(0, new MessageInfo("x", 1))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> snapshot.remove(0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(snapshot::clear).isInstanceOf(UnsupportedOperationException.class);
        // The arrays have room to spare beyond the last message; none of it is readable.
        assertThatThrownBy(() -> snapshot.get(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> snapshot.id(2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> snapshot.id(0)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
