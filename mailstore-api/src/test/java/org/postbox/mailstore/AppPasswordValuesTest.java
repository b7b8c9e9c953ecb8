package org.postbox.mailstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AppPasswordValuesTest {
    private static final MailboxAddress ALICE = MailboxAddress.parse("alice@example.org");
    private static final Instant CREATED = Instant.parse("2025-11-22T01:18:00Z");

    @ParameterizedTest
    @ValueSource(strings = {"a", "thunderbird", "K-9_Mail.2", "0", "-", "..."})
    void namesOfLettersDigitsDotsUnderscoresAndHyphensAreValid(String name) {
        assertThat(AppPassword.checkName(name)).isEqualTo(name);
        assertThat(new AppPassword(name, "{PLAIN}x", CREATED).name()).isEqualTo(name);
    }

    @Test
    void theLongestNameHas64Characters() {
        assertThat(AppPassword.checkName("n".repeat(64))).hasSize(64);
        assertThatThrownBy(() -> AppPassword.checkName("n".repeat(65)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid app password name '" + "n".repeat(65) + "': use 1 to 64 letters, digits, '.', '_' "
                        + "or '-'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "two words", "a:b", "a/b", "tab\there", "ümlaut", "semi;colon"})
    void otherNamesAreRefusedWithTheRule(String name) {
        assertThatThrownBy(() -> new AppPassword(name, "{PLAIN}x", CREATED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid app password name")
                .hasMessageContaining("letters, digits, '.', '_' or '-'");
    }

    @Test
    void aRefusedNameIsShownWithoutControlCharactersAndShortened() {
        assertThatThrownBy(() -> AppPassword.checkName("bad\r\nname")).hasMessageStartingWith(
                "invalid app password name 'bad??name'");
        assertThatThrownBy(() -> AppPassword.checkName("x".repeat(500))).hasMessageStartingWith(
                "invalid app password name '" + "x".repeat(72) + "...'");
    }

    @Test
    void anAppPasswordNeedsAHashAndACreationTime() {
        assertThatThrownBy(() -> new AppPassword("phone", "", CREATED)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("phone");
        assertThatThrownBy(() -> new AppPassword("phone", null, CREATED)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new AppPassword("phone", "{PLAIN}x", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void neitherAnAppPasswordNorAnAccountPrintsAHash() {
        AppPassword phone = new AppPassword("phone", "{PLAIN}very-secret", CREATED);
        Account account = new Account(ALICE, "{PLAIN}main-secret", false, true, List.of(phone));

        assertThat(phone.toString()).isEqualTo("AppPassword[name=phone, created=2025-11-22T01:18:00Z]");
        assertThat(account.toString()).isEqualTo("Account[alice@example.org, 1 app password(s)]")
                .doesNotContain("secret");
    }

    @Test
    void anAccountKeepsACopyOfItsAppPasswordsAndTheOldConstructorsHaveNone() {
        List<AppPassword> list = new ArrayList<>(List.of(new AppPassword("phone", "{PLAIN}x", CREATED)));
        Account account = new Account(ALICE, "{PLAIN}y", false, true, list);
        list.clear();

        assertThat(account.appPasswords()).hasSize(1);
        assertThatThrownBy(() -> account.appPasswords().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(new Account(ALICE, "{PLAIN}y").appPasswords()).isEmpty();
        assertThat(new Account(ALICE, "{PLAIN}y", true)).isEqualTo(new Account(ALICE, "{PLAIN}y", true, true, List.of()));
    }
}
