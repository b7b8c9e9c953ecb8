package org.postbox.mailstore.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** UIDLs packed in one array: found again however many are added before and after the first look-up. */
class PackedUidlsTest {

    @Test
    void everyEntryIsFoundAndOnlyThose() {
        PackedUidls uidls = new PackedUidls(1, 1);
        for (int i = 0; i < 5_000; i++) {
            uidls.add("U" + i);
            if (i % 997 == 0) {
                assertThat(uidls.indexOf("U" + i)).isEqualTo(i); // look-ups between additions keep the index up to date
            }
        }

        for (int i = 0; i < 5_000; i++) {
            assertThat(uidls.indexOf("U" + i)).isEqualTo(i);
            assertThat(uidls.get(i)).isEqualTo("U" + i);
        }
        assertThat(uidls.contains("U5000")).isFalse();
        assertThat(uidls.contains("U")).isFalse();
        assertThat(uidls.contains("caf\u00e9")).isFalse();
        assertThat(uidls.addIfAbsent("U42")).isFalse();
        assertThat(uidls.addIfAbsent("V42")).isTrue();
        assertThat(uidls.size()).isEqualTo(5_001);
    }

    @Test
    void theFirstOfEqualEntriesIsTheOneFound() {
        PackedUidls uidls = new PackedUidls();
        uidls.add("same");
        uidls.add("other");
        uidls.add("same");

        assertThat(uidls.indexOf("same")).isZero();
    }

    @Test
    void onlyAnEntryNotLookedUpYetCanBeTakenBack() {
        PackedUidls uidls = new PackedUidls();
        uidls.add("a");
        uidls.add("b");
        uidls.removeLast();

        assertThat(uidls.size()).isEqualTo(1);
        assertThat(uidls.contains("b")).isFalse();
        assertThatThrownBy(uidls::removeLast).isInstanceOf(IllegalStateException.class);
    }
}
