package org.postbox.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostboxConfigTest {

    @Test
    void defaultsFitADevelopersLaptop() throws Exception {
        PostboxConfig c = PostboxConfig.defaults();
        assertThat(c.listeners()).singleElement().satisfies(l -> {
            assertThat(l.address()).isEqualTo("127.0.0.1");
            assertThat(l.port()).isEqualTo(1110);
            assertThat(l.protocol()).isEqualTo("pop3");
            assertThat(l.defaultDomain()).isEmpty();
        });
        assertThat(c.limits().idleTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.limits().maxLineLength()).isEqualTo(255);
        assertThat(c.store().type()).isEqualTo("maildir");
        assertThat(c.store().settings()).containsEntry("path", "./data");
        assertThat(c.auth().plaintextNetworks().test(InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(c.auth().plaintextNetworks().test(InetAddress.getByName("::1"))).isTrue();
        assertThat(c.auth().plaintextNetworks().test(InetAddress.getByName("192.0.2.1"))).isFalse();
        assertThat(c.logging().level()).isEqualTo("info");
    }

    @Test
    void readsEverySection() {
        PostboxConfig c = PostboxConfig.parse("""
                listeners:
                  - name: public
                    address: 0.0.0.0
                    port: 110
                    default-domain: Example.COM
                limits:
                  max-connections: 50
                  max-bad-commands: 3
                  max-line-length: 512
                  login-timeout: 30s
                  idle-timeout: 15m
                auth:
                  plaintext-networks: [10.0.0.0/8]
                  failure-delay: 500ms
                  cache-ttl: 0s
                  cache-size: 5
                  hash-threads: 3
                store:
                  type: maildir
                  path: /var/mail/postbox
                  fsync: false
                logging:
                  level: DEBUG
                """, "test.yaml");
        assertThat(c.listeners()).containsExactly(
                new ListenerConfig("public", "pop3", "0.0.0.0", 110, Optional.of("example.com")));
        assertThat(c.limits()).isEqualTo(new LimitsConfig(50, 3, 512, Duration.ofSeconds(30), Duration.ofMinutes(15)));
        assertThat(c.auth().failureDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.auth().cacheTtl()).isZero();
        assertThat(c.auth().hashThreads()).isEqualTo(3);
        assertThat(c.store().settings()).containsEntry("path", "/var/mail/postbox").containsEntry("fsync", false)
                .doesNotContainKey("type");
        assertThat(c.logging().level()).isEqualTo("debug");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "limits: {idle-timout: 10m}                 | limits.idle-timout: unknown key",
        "limits: {idle-timeout: 5m}                 | limits.idle-timeout: 5m is out of range",
        "limits: {idle-timeout: ten}                | limits.idle-timeout: 'ten' is not a duration",
        "limits: {max-line-length: 100}             | limits.max-line-length: 100 is out of range",
        "limits: {max-connections: lots}            | limits.max-connections: 'lots' is not a whole number",
        "auth: {plaintext-networks: [localhost]}    | auth.plaintext-networks[0]: 'localhost' is not an IP address",
        "auth: {plaintext-networks: [10.0.0.0/33]}  | auth.plaintext-networks[0]: '10.0.0.0/33' has an invalid prefix length",
        "listeners: [{protocol: imap}]              | listeners[0].protocol: 'imap' is not a known protocol",
        "listeners: [{port: 70000}]                 | listeners[0].port: 70000 is out of range",
        "listeners: [{address: example.com}]        | listeners[0].address: 'example.com' is not an IP address",
        "listeners: [{default-domain: 'bad domain'}] | listeners[0].default-domain: invalid domain",
        "listeners: [{name: a, port: 1}, {name: a, port: 2}] | listeners[1].name: 'a' is used twice",
        "listeners: [{name: a, port: 1}, {name: b, port: 1}] | listeners[1].port: 127.0.0.1:1 is bound twice",
        "logging: {level: loud}                     | logging.level: 'loud' is not a log level",
        "limits: [1, 2]                             | limits: expected a mapping",
        "stroe: {type: maildir}                     | stroe: unknown key",
        "retention: {sweep-interval: 10s}           | retention.sweep-interval:",
        "retention: {batch-size: 0}                 | retention.batch-size: 0 is out of range",
        "retention: {sweep: 1h}                     | retention.sweep: unknown key",
    })
    void badValuesNameTheKeyAndTheFix(String yaml, String expected) {
        assertThatThrownBy(() -> PostboxConfig.parse(yaml, "test.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(expected);
    }

    @Test
    void invalidYamlSaysWhere() {
        assertThatThrownBy(() -> PostboxConfig.parse("limits:\n  max-connections: [\n", "postbox.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("postbox.yaml is not valid YAML at line");
    }

    @Test
    void aKeyGivenTwiceAtTopLevelIsRefusedWithBothLines() {
        String yaml = """
                store:
                  type: maildir
                  path: /srv/mail
                logging:
                  level: info
                store:
                  type: jpa
                """;
        assertThatThrownBy(() -> PostboxConfig.parse(yaml, "postbox.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("store: given twice, at lines 1 and 6; keep one")
                .extracting(e -> ((ConfigException) e).key()).isEqualTo("store");
    }

    @Test
    void aNestedKeyGivenTwiceIsNamedByItsFullPath() {
        String yaml = """
                limits:
                  max-connections: 10
                  idle-timeout: 10m
                  max-connections: 20
                """;
        assertThatThrownBy(() -> PostboxConfig.parse(yaml, "postbox.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("limits.max-connections: given twice, at lines 2 and 4; keep one");
    }

    @Test
    void keysGivenTwiceInsideListsAndPluginSectionsAreRefusedToo() {
        String listener = """
                listeners:
                  - name: pop3
                    port: 1110
                  - name: lmtp
                    protocol: lmtp
                    port: 2424
                    port: 2525
                """;
        assertThatThrownBy(() -> PostboxConfig.parse(listener, "postbox.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("listeners[1].port: given twice, at lines 6 and 7; keep one");
        String store = "store:\n  type: jpa\n  pool:\n    size: 4\n    size: 8\n";
        assertThatThrownBy(() -> PostboxConfig.parse(store, "postbox.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("store.pool.size: given twice, at lines 4 and 5; keep one");
    }

    @Test
    void theSameKeyInDifferentMappingsIsNoDuplicate() {
        PostboxConfig c = PostboxConfig.parse("""
                listeners:
                  - {name: a, port: 1110}
                  - {name: b, port: 1111}
                """, "postbox.yaml");
        assertThat(c.listeners()).hasSize(2);
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) {
        Path file = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> PostboxConfig.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(file + " does not exist");
    }

    @Test
    void emptyFileMeansDefaults(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("empty.yaml"), "# nothing set\n");
        assertThat(PostboxConfig.load(file)).isEqualTo(PostboxConfig.defaults());
    }

    @Test
    void unknownStoreTypeIsRejectedWhenOpened() {
        PostboxConfig c = PostboxConfig.parse("store: {type: floppy}", "test.yaml");
        assertThatThrownBy(() -> c.store().open())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("store.type: unknown store type 'floppy'");
    }

    @Test
    void relativePathsBelongToTheInstallation(@TempDir Path home) {
        String before = System.getProperty("postbox.home");
        System.setProperty("postbox.home", home.toString());
        try {
            assertThat(PostboxConfig.defaults().store().baseDir()).isEqualTo(home.toAbsolutePath().normalize());
        } finally {
            if (before == null) {
                System.clearProperty("postbox.home");
            } else {
                System.setProperty("postbox.home", before);
            }
        }
        assertThat(PostboxConfig.defaults().store().baseDir()).isEqualTo(Path.of("").toAbsolutePath().normalize());
    }

    @Test
    void theRetentionSweepRunsHourlyInBatchesOfAThousandUnlessConfigured() {
        assertThat(PostboxConfig.defaults().retention()).isEqualTo(RetentionConfig.DEFAULTS);
        assertThat(PostboxConfig.defaults().retention().sweepInterval()).isEqualTo(java.time.Duration.ofHours(1));
        assertThat(PostboxConfig.parse("retention: {sweep-interval: 10m, batch-size: 50}", "test.yaml").retention())
                .isEqualTo(new RetentionConfig(java.time.Duration.ofMinutes(10), 50));
    }
}
