package org.postbox.daemon;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.config.PostboxConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * What a fresh install offers must work for a mailbox created the default way ({ARGON2ID}): a
 * client that picks the strongest mechanism on the CAPA SASL line must not fail as if the
 * password were wrong. Both the built-in default and the shipped configuration file are checked.
 */
class DefaultMechanismsTest {

    private static final Path SHIPPED_CONFIG = Path.of("..", "distribution", "src", "main", "dist", "conf", "postbox.yaml");

    @TempDir
    Path dir;

    @Test
    void everyMechanismADefaultDaemonOffersLogsInADefaultMailbox() throws Exception {
        try (RunningDaemon daemon = RunningDaemon.start(dir)) {
            daemon.addMailbox("alice@example.com");
            List<String> offered;
            try (RawPop3Client client = new RawPop3Client(daemon.address())) {
                assertThat(client.command("CAPA")).startsWith("+OK");
                offered = client.readBody().stream().filter(line -> line.startsWith("SASL ")).findFirst()
                        .map(line -> List.of(line.substring(5).split(" "))).orElse(List.of());
            }
            assertThat(offered).as("mechanisms offered over loopback").isNotEmpty();
            for (String mechanism : offered) {
                try (RawPop3Client client = new RawPop3Client(daemon.address())) {
                    assertThat(logIn(client, mechanism, "alice@example.com", RunningDaemon.PASSWORD))
                            .as("AUTH %s for a mailbox stored as {ARGON2ID}", mechanism)
                            .startsWith("+OK alice@example.com");
                }
            }
        }
    }

    @Test
    void theShippedConfigurationOffersWhatTheBuiltInDefaultOffers() {
        PostboxConfig shipped = PostboxConfig.load(Optional.of(SHIPPED_CONFIG));
        PostboxConfig builtIn = PostboxConfig.parse("store:\n  type: maildir\n", "test");
        assertThat(shipped.auth().mechanisms()).isEqualTo(builtIn.auth().mechanisms());
    }

    /** One login with {@code mechanism}; the final reply. Only mechanisms that carry the password itself can be driven here. */
    private static String logIn(RawPop3Client client, String mechanism, String user, String password) throws Exception {
        return switch (mechanism) {
            case "PLAIN" -> client.command("AUTH PLAIN " + b64("\0" + user + "\0" + password));
            case "LOGIN" -> {
                assertThat(client.command("AUTH LOGIN")).startsWith("+ ");
                assertThat(client.command(b64(user))).startsWith("+ ");
                yield client.command(b64(password));
            }
            default -> fail("the default offers %s, which needs a password stored for it; new mailboxes are {ARGON2ID}",
                    mechanism);
        };
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
