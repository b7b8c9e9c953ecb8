package org.postbox.mailstore.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailStoreProvider;
import org.postbox.mailstore.StoreConfigException;

class MaildirSettingsTest {

    @TempDir
    Path baseDir;

    @Test
    void onlyThePathIsRequired() {
        MaildirSettings settings = MaildirSettings.parse(Map.of("path", "mail"), baseDir);

        assertThat(settings.root()).isEqualTo(baseDir.resolve("mail").toAbsolutePath());
        assertThat(settings.passwdFile()).isEqualTo(settings.root().resolve("passwd"));
        assertThat(settings.fsync()).isTrue();
    }

    @Test
    void relativePathsAreResolvedAgainstTheBaseDirectoryAndAbsoluteOnesKept() {
        Path absolute = baseDir.resolve("etc/postbox/passwd").toAbsolutePath();

        MaildirSettings relative = MaildirSettings.parse(Map.of("path", "data/../mail", "passwd-file", "conf/passwd"), baseDir);
        MaildirSettings fixed = MaildirSettings.parse(Map.of("path", "mail", "passwd-file", absolute.toString()), baseDir);

        assertThat(relative.root()).isEqualTo(baseDir.resolve("mail").toAbsolutePath());
        assertThat(relative.passwdFile()).isEqualTo(baseDir.resolve("conf/passwd").toAbsolutePath());
        assertThat(fixed.passwdFile()).isEqualTo(absolute);
    }

    @Test
    void fsyncTakesABooleanOrItsText() {
        assertThat(MaildirSettings.parse(Map.of("path", "m", "fsync", false), baseDir).fsync()).isFalse();
        assertThat(MaildirSettings.parse(Map.of("path", "m", "fsync", "FALSE"), baseDir).fsync()).isFalse();
        assertThat(MaildirSettings.parse(Map.of("path", "m", "fsync", "true"), baseDir).fsync()).isTrue();
    }

    @Test
    void theTypeKeyOfTheSectionIsAccepted() {
        assertThat(MaildirSettings.parse(Map.of("type", "maildir", "path", "m"), baseDir).root().getFileName()).hasToString("m");
    }

    @Test
    void aMissingPathIsNamed() {
        assertThatThrownBy(() -> MaildirSettings.parse(Map.of("fsync", true), baseDir))
                .isInstanceOfSatisfying(StoreConfigException.class, e -> assertThat(e.key()).isEqualTo("store.path"))
                .hasMessageContaining("required");
        assertThatThrownBy(() -> MaildirSettings.parse(null, baseDir))
                .isInstanceOfSatisfying(StoreConfigException.class, e -> assertThat(e.key()).isEqualTo("store.path"));
    }

    @Test
    void anEmptyOrNonTextPathIsRefused() {
        Map<String, Object> nullPath = new HashMap<>();
        nullPath.put("path", null);
        assertThatThrownBy(() -> MaildirSettings.parse(nullPath, baseDir)).hasMessageStartingWith("store.path:");
        assertThatThrownBy(() -> MaildirSettings.parse(Map.of("path", " "), baseDir))
                .hasMessage("store.path: must be a non-empty file system path, got ' '");
        assertThatThrownBy(() -> MaildirSettings.parse(Map.of("path", 42), baseDir))
                .hasMessage("store.path: must be a non-empty file system path, got '42'");
        assertThatThrownBy(() -> MaildirSettings.parse(Map.of("path", "m", "passwd-file", "bad\0name"), baseDir))
                .isInstanceOfSatisfying(StoreConfigException.class, e -> assertThat(e.key()).isEqualTo("store.passwd-file"));
    }

    @Test
    void anUnknownKeyIsNamedWithTheAllowedOnes() {
        assertThatThrownBy(() -> MaildirSettings.parse(Map.of("path", "m", "fsnyc", false), baseDir))
                .isInstanceOfSatisfying(StoreConfigException.class, e -> assertThat(e.key()).isEqualTo("store.fsnyc"))
                .hasMessage("store.fsnyc: unknown setting for the maildir store; allowed keys: type, path, passwd-file, fsync");
    }

    @Test
    void fsyncMustBeABoolean() {
        assertThatThrownBy(() -> MaildirSettings.parse(Map.of("path", "m", "fsync", "sometimes"), baseDir))
                .hasMessage("store.fsync: must be true or false, got 'sometimes'");
        assertThatThrownBy(() -> MaildirSettings.parse(Map.of("path", "m", "fsync", 1), baseDir))
                .hasMessage("store.fsync: must be true or false, got '1'");
    }

    @Test
    void anotherTypeIsRefused() {
        assertThatThrownBy(() -> MaildirSettings.parse(Map.of("type", "jpa", "path", "m"), baseDir))
                .isInstanceOfSatisfying(StoreConfigException.class, e -> assertThat(e.key()).isEqualTo("store.type"));
    }

    @Test
    void theProviderIsFoundByTypeAndCreatesTheRoot() {
        try (MailStore store = MailStoreProvider.forType("maildir").open(Map.of("path", "deep/mail/root"), baseDir)) {
            assertThat(store).isInstanceOf(MaildirStore.class);
            assertThat(baseDir.resolve("deep/mail/root")).isDirectory();
        }
    }

    @Test
    void aRootThatCannotBeCreatedIsAConfigurationError() throws Exception {
        Files.writeString(baseDir.resolve("plain-file"), "not a directory");

        assertThatThrownBy(() -> MailStoreProvider.forType("maildir").open(Map.of("path", "plain-file/mail"), baseDir))
                .isInstanceOfSatisfying(StoreConfigException.class, e -> assertThat(e.key()).isEqualTo("store.path"))
                .hasMessageContaining("cannot create or open the mail directory");
    }
}
