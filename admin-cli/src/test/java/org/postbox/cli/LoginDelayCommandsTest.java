package org.postbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.LoginDelay;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;

/** {@code postbox domain login-delay} and {@code postbox mailbox login-delay}. */
class LoginDelayCommandsTest {
    private static final MailboxAddress ALICE = MailboxAddress.parse("alice@example.com");

    @TempDir
    Path dir;

    private Cli cli;

    @BeforeEach
    void configure() throws Exception {
        cli = Cli.withMaildir(dir);
        assertThat(cli.run("domain", "add", "example.com").exitCode()).isZero();
        cli.addMailboxDirectly(ALICE.toString());
    }

    private LoginDelay stored() {
        try (MailStore store = cli.openStore()) {
            return store.directory().loginDelay(ALICE);
        }
    }

    @Test
    void aDomainsDelayIsOverriddenPerMailboxAndInheritedAgain() {
        Cli.Result domain = cli.run("domain", "login-delay", "Example.com", "300");
        assertThat(domain.exitCode()).as(domain.err()).isZero();
        assertThat(domain.out()).isEqualTo("login delay of domain example.com: 300 s\n");
        assertThat(cli.run("mailbox", "login-delay", "alice@example.com").out())
                .isEqualTo("login delay of alice@example.com: 300 s (its domain's)\n");

        Cli.Result own = cli.run("mailbox", "login-delay", "alice@example.com", "0");
        assertThat(own.exitCode()).isZero();
        assertThat(own.out()).isEqualTo("login delay of alice@example.com: none (its own; its domain's: 300 s)\n");
        assertThat(stored()).isEqualTo(new LoginDelay(Optional.of(Duration.ZERO), Duration.ofMinutes(5)));

        Cli.Result inherit = cli.run("mailbox", "login-delay", "alice@example.com", "inherit", "--json");
        assertThat(inherit.exitCode()).isZero();
        assertThat(inherit.out())
                .isEqualTo("{\"address\":\"alice@example.com\",\"own\":null,\"domain\":300,\"effective\":300}\n");
        assertThat(stored()).isEqualTo(new LoginDelay(Optional.empty(), Duration.ofMinutes(5)));
    }

    @Test
    void badValuesAndUnknownNamesFailClearly() {
        Cli.Result tooLong = cli.run("domain", "login-delay", "example.com", "86401");
        assertThat(tooLong.exitCode()).isEqualTo(64);
        assertThat(tooLong.err()).contains("whole seconds from 0 to 86400");

        Cli.Result word = cli.run("mailbox", "login-delay", "alice@example.com", "soon");
        assertThat(word.exitCode()).isEqualTo(64);
        assertThat(word.err()).contains("expected seconds (0 to 86400) or inherit, not 'soon'");

        assertThat(cli.run("domain", "login-delay", "nowhere.example", "60").exitCode()).isEqualTo(67);
        assertThat(cli.run("mailbox", "login-delay", "nobody@example.com", "60").exitCode()).isEqualTo(67);
        assertThat(stored()).isEqualTo(new LoginDelay(Optional.empty(), Duration.ZERO));
    }
}
