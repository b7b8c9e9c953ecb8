package org.postbox.mailstore.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.StoreConfigException;

class JpaSettingsTest {

    private static final String URL = "jdbc:postgresql://db.example.net:5432/postbox";

    @TempDir
    Path baseDir;

    @Test
    void onlyTheUrlIsRequired() {
        JpaSettings settings = parse(Map.of("url", URL));

        assertThat(settings).isEqualTo(new JpaSettings(URL, Optional.empty(), Optional.empty(), 10, Duration.ofSeconds(60)));
    }

    @Test
    void everySettingIsRead() {
        JpaSettings settings = parse(Map.of("type", "jpa", "url", URL, "user", "postbox", "password", "s3cret",
                "pool-size", 25, "lease", "30s"));

        assertThat(settings).isEqualTo(new JpaSettings(URL, Optional.of("postbox"), Optional.of("s3cret"), 25, Duration.ofSeconds(30)));
    }

    @Test
    void leasesAreWrittenWithAUnit() {
        assertThat(parse(Map.of("url", URL, "lease", "1m")).lease()).isEqualTo(Duration.ofMinutes(1));
        assertThat(parse(Map.of("url", URL, "lease", "1500ms")).lease()).isEqualTo(Duration.ofMillis(1500));
        assertThat(parse(Map.of("url", URL, "lease", " 90 s ")).lease()).isEqualTo(Duration.ofSeconds(90));
        assertRefused(Map.of("url", URL, "lease", "60"), "store.lease", "'60' is not a duration; write a number and a unit: ms, s, m or h (e.g. 60s)");
        assertRefused(Map.of("url", URL, "lease", 60), "store.lease", "'60' is not a duration; write a number and a unit: ms, s, m or h (e.g. 60s)");
        assertRefused(Map.of("url", URL, "lease", "500ms"), "store.lease", "must be from 1s to 1h, got 500ms");
        assertRefused(Map.of("url", URL, "lease", "2h"), "store.lease", "must be from 1s to 1h, got 2h");
    }

    @Test
    void thePoolSizeIsAWholeNumberInRange() {
        assertThat(parse(Map.of("url", URL, "pool-size", "4")).poolSize()).isEqualTo(4);
        assertRefused(Map.of("url", URL, "pool-size", 0), "store.pool-size", "must be a whole number from 1 to 1000, got 0");
        assertRefused(Map.of("url", URL, "pool-size", "many"), "store.pool-size", "must be a whole number from 1 to 1000, got 'many'");
        assertRefused(Map.of("url", URL, "pool-size", 2.5), "store.pool-size", "must be a whole number from 1 to 1000, got '2.5'");
    }

    @Test
    void thePasswordMayComeFromAnEnvironmentVariable() {
        JpaSettings settings = JpaSettings.parse(Map.of("url", URL, "password-env", "PB_DB_PASSWORD"), baseDir,
                name -> name.equals("PB_DB_PASSWORD") ? "from-env" : null);

        assertThat(settings.password()).contains("from-env");
        assertThatThrownBy(() -> JpaSettings.parse(Map.of("url", URL, "password-env", "PB_UNSET"), baseDir, name -> null))
                .isInstanceOfSatisfying(StoreConfigException.class, e -> assertThat(e.key()).isEqualTo("store.password-env"))
                .hasMessageContaining("PB_UNSET is not set");
    }

    @Test
    void thePasswordMayComeFromAFileRelativeToTheBaseDirectory() throws Exception {
        Files.createDirectories(baseDir.resolve("secrets"));
        Files.writeString(baseDir.resolve("secrets/db"), "from file\n");

        assertThat(parse(Map.of("url", URL, "password-file", "secrets/db")).password()).contains("from file");
        assertRefused(Map.of("url", URL, "password-file", "secrets/missing"), "store.password-file", "cannot read");
        Files.writeString(baseDir.resolve("secrets/two-lines"), "one\ntwo\n");
        assertRefused(Map.of("url", URL, "password-file", "secrets/two-lines"), "store.password-file", "exactly one line");
    }

    @Test
    void thePasswordIsGivenOneWayOnly() {
        assertRefused(Map.of("url", URL, "password", "a", "password-file", "b"), "store.password-file",
                "give the password one way only");
    }

    @Test
    void theUrlMustBeAPostgresJdbcUrl() {
        assertRefused(Map.of("user", "postbox"), "store.url", "required");
        assertRefused(Map.of("url", "jdbc:mysql://db/postbox"), "store.url", "must be a PostgreSQL JDBC URL");
        assertRefused(Map.of("url", " "), "store.url", "must be non-empty text");
    }

    @Test
    void unknownKeysAndOtherTypesAreNamed() {
        assertRefused(Map.of("url", URL, "pool_size", 3), "store.pool_size",
                "unknown setting for the jpa store; allowed keys: type, url, user, password, password-env, password-file, pool-size, lease");
        assertRefused(Map.of("type", "maildir", "url", URL), "store.type", "must be 'jpa'");
        Map<String, Object> nullUser = new HashMap<>(Map.of("url", URL));
        nullUser.put("user", null);
        assertRefused(nullUser, "store.user", "must be non-empty text");
    }

    @Test
    void thePasswordNeverShowsInText() {
        assertThat(parse(Map.of("url", URL + "?password=hidden", "password", "s3cret")).toString())
                .doesNotContain("s3cret").doesNotContain("hidden");
    }

    private JpaSettings parse(Map<String, Object> settings) {
        return JpaSettings.parse(settings, baseDir, name -> null);
    }

    private void assertRefused(Map<String, Object> settings, String key, String message) {
        assertThatThrownBy(() -> parse(settings))
                .isInstanceOfSatisfying(StoreConfigException.class, e -> assertThat(e.key()).isEqualTo(key))
                .hasMessageContaining(message);
    }
}
