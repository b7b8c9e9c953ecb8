package org.postbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsageAndConfigurationTest {
    @TempDir
    Path dir;

    private Cli cli;

    @BeforeEach
    void configure() throws Exception {
        cli = Cli.withMaildir(dir);
    }

    @Test
    void versionNamesTheRelease() {
        Cli.Result result = cli.run("--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).matches("postbox \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n");
    }

    @Test
    void helpListsTheCommandsAndTheExitStatuses() {
        Cli.Result result = cli.run("help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Usage: postbox", "domain", "mailbox", "deliver", "--config=FILE",
                "alias", "apply", "admin-token", "who", "kick", "reload",
                "Exit status:", "67", "no such domain, mailbox, alias, app password or admin token", "78",
                "invalid configuration");
    }

    @ParameterizedTest
    @ValueSource(strings = {"domain add", "domain list", "domain remove", "domain suspend", "domain resume",
        "mailbox add", "mailbox list", "mailbox passwd", "mailbox remove", "mailbox suspend", "mailbox resume",
        "mailbox app-password", "mailbox app-password add", "mailbox app-password list", "mailbox app-password revoke",
        "quota show", "quota set", "quota recalc", "deliver", "import", "import dovecot", "import courier", "export",
        "migrate", "mailbox rename", "mailbox pop3", "domain pop3", "alias", "alias add", "alias set", "alias list",
        "alias remove", "admin-token", "admin-token create", "admin-token list", "admin-token revoke", "apply", "who",
        "kick", "reload", "mailbox history", "report", "report legacy", "mailbox login-delay", "domain login-delay",
        "domain retention", "mailbox expire", "mailbox undelete"})
    void everyCommandHasHelpWithTheExitStatuses(String command) {
        String[] words = (command + " --help").split(" ");

        Cli.Result result = cli.run(words);

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("Usage: postbox " + command).contains("Exit status:", "75");
        assertThat(cli.run(("help " + command).split(" ")).out()).startsWith("Usage: postbox " + command);
    }

    @Test
    void helpOfAnUnknownCommandIsAUsageError() {
        Cli.Result result = cli.run("help", "mailbox", "move");

        assertThat(result.exitCode()).isEqualTo(64);
        assertThat(result.err()).startsWith("postbox: unknown command 'move'; postbox mailbox has: add, list, passwd, remove");
    }

    @Test
    void aMistypedCommandIsAUsageErrorWithASuggestion() {
        Cli.Result result = cli.run("domian", "list");

        assertThat(result.exitCode()).isEqualTo(64);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("postbox: Unmatched arguments from index 2: 'domian', 'list'")
                .contains("Did you mean: postbox domain")
                .contains("Usage: postbox");
    }

    @Test
    void anUnknownOptionOrAMissingCommandIsAUsageError() {
        Cli.Result option = cli.run("domain", "list", "--yaml");
        assertThat(option.exitCode()).isEqualTo(64);
        assertThat(option.err()).contains("Unknown option: '--yaml'").contains("Usage: postbox domain list");

        Cli.Result missing = cli.run("mailbox");
        assertThat(missing.exitCode()).isEqualTo(64);
        assertThat(missing.err())
                .startsWith("postbox: missing command: use add, list, passwd, remove, suspend, resume, rename, pop3, "
                        + "app-password, history, login-delay, expire or undelete")
                .contains("Usage: postbox mailbox");

        Cli.Result nothing = cli.run();
        assertThat(nothing.exitCode()).isEqualTo(64);
        assertThat(nothing.err()).startsWith("postbox: missing command");
    }

    @Test
    void mistypedImportExportAndMigrateCommandsAreUsageErrors() throws Exception {
        Path passwd = Files.writeString(dir.resolve("passwd"), "");

        Cli.Result option = cli.run("import", "dovecot", "--passwd-file", passwd.toString(), "--mail-root", dir.toString(),
                "--dry-rn");
        assertThat(option.exitCode()).isEqualTo(64);
        assertThat(option.err()).contains("Unknown option: '--dry-rn'", "Usage: postbox import dovecot");
        assertThat(option.out()).isEmpty();

        Cli.Result kind = cli.run("import", "dovcot");
        assertThat(kind.exitCode()).isEqualTo(64);
        assertThat(kind.err()).contains("Did you mean: import dovecot");

        Cli.Result both = cli.run("import", "dovecot", "--passwd-file", passwd.toString(), "--mail-root", dir.toString(),
                "--copy", "--move");
        assertThat(both.exitCode()).isEqualTo(64);
        assertThat(both.err()).contains("--copy", "--move", "mutually exclusive");

        Cli.Result noAccounts = cli.run("import", "courier", "--mail-root", dir.toString());
        assertThat(noAccounts.exitCode()).isEqualTo(64);
        assertThat(noAccounts.err()).contains("Missing required argument", "--userdb", "--passwd-file");

        Cli.Result from = cli.run("import", "dovecot", "--passwd-file", passwd.toString(), "--mail-root", dir.toString(),
                "--uidl-from", "courier");
        assertThat(from.exitCode()).isEqualTo(64);
        assertThat(from.err()).isEqualTo("postbox: --uidl-from courier: use dovecot or x-uidl\n");

        Cli.Result format = cli.run("import", "dovecot", "--passwd-file", passwd.toString(), "--mail-root", dir.toString(),
                "--pop3-uidl-format", "%Q");
        assertThat(format.exitCode()).isEqualTo(64);
        assertThat(format.err()).startsWith("postbox: --pop3-uidl-format: template '%Q' uses %Q");

        Cli.Result missingFile = cli.run("import", "dovecot", "--passwd-file", dir.resolve("nope").toString(),
                "--mail-root", dir.toString());
        assertThat(missingFile.exitCode()).isEqualTo(66);
        assertThat(missingFile.err()).isEqualTo("postbox: --passwd-file " + dir.resolve("nope") + ": no such file\n");

        Cli.Result export = cli.run("export", "alice@example.com");
        assertThat(export.exitCode()).isEqualTo(64);
        assertThat(export.err()).contains("Missing required argument", "--maildir", "--mbox");

        Cli.Result migrate = cli.run("migrate", "--to", "jpa");
        assertThat(migrate.exitCode()).isEqualTo(64);
        assertThat(migrate.err()).contains("Missing required option: '--target-config=FILE'");
    }

    @Test
    void aValueThatLooksLikeAnOptionSaysHowToPassItInsteadOfMissingParameter() {
        Cli.Result result = cli.run("domain", "add", "-a.test");

        assertThat(result.exitCode()).isEqualTo(64);
        assertThat(result.out()).isEmpty();
        assertThat(result.err())
                .startsWith("postbox: '-a.test' is taken as an option, and postbox domain add has no such option;"
                        + " to pass a DOMAIN that starts with '-', put -- before it: postbox domain add -- -a.test\n")
                .doesNotContain("Missing required parameter")
                .contains("Usage: postbox domain add");
    }

    @Test
    void aDomainPassedAfterDoubleDashIsCheckedAsADomain() {
        Cli.Result result = cli.run("domain", "add", "--", "-a.test");

        assertThat(result.exitCode()).isEqualTo(64);
        assertThat(result.err()).startsWith("postbox: invalid domain '-a.test'");
        assertThat(cli.run("domain", "list", "--json").out()).isEqualTo("[]\n");
    }

    @Test
    void aMailboxAddressMayStartWithADashWhenPassedAfterDoubleDash() {
        cli.run("domain", "add", "example.com");

        Cli.Result dashed = cli.run("mailbox", "suspend", "-bob@example.com");
        assertThat(dashed.exitCode()).isEqualTo(64);
        assertThat(dashed.err()).startsWith("postbox: '-bob@example.com' is taken as an option, and postbox mailbox"
                + " suspend has no such option; to pass an ADDRESS that starts with '-', put -- before it:"
                + " postbox mailbox suspend -- -bob@example.com\n");

        cli.addMailboxDirectly("-bob@example.com");
        assertThat(cli.run("mailbox", "suspend", "--", "-bob@example.com").exitCode()).isZero();
    }

    @Test
    void helpSaysRelativePathsResolveAgainstTheInstallationWhenThereIsOne() {
        String home = System.getProperty("postbox.home");
        try {
            System.clearProperty("postbox.home");
            assertThat(cli.run("--help").out().replaceAll("\\s+", " "))
                    .contains("Relative paths in the configuration file are resolved against the installation"
                            + " directory when postbox runs from one (bin/postbox sets it); run otherwise, as now,"
                            + " against the working directory, " + Path.of("").toAbsolutePath() + ".");

            System.setProperty("postbox.home", dir.toString());
            assertThat(cli.run("--help").out().replaceAll("\\s+", " "))
                    .contains("Relative paths in the configuration file are resolved against the installation"
                            + " directory, " + dir + ", not against the working directory.");
        } finally {
            if (home == null) {
                System.clearProperty("postbox.home");
            } else {
                System.setProperty("postbox.home", home);
            }
        }
    }

    @Test
    void theConfigOptionIsAlsoAcceptedAfterTheCommand() throws Exception {
        Path other = dir.resolve("other");
        Cli.withMaildir(other);
        Path otherConfig = other.resolve("postbox.yaml");

        assertThat(cli.run("domain", "add", "--config", otherConfig.toString(), "example.com").exitCode()).isZero();

        assertThat(cli.run("domain", "list", "--json").out()).isEqualTo("[]\n");
        assertThat(new Cli(otherConfig).run("domain", "list", "--json").out()).contains("example.com");
    }

    @Test
    void aMistypedConfigurationKeyIsAConfigErrorNamingFileAndKey() throws Exception {
        Path config = dir.resolve("typo.yaml");
        Files.writeString(config, "limits:\n  idle-timout: 10m\nstore:\n  path: " + dir.resolve("mail") + "\n");

        Cli.Result result = new Cli(config).run("domain", "list");

        assertThat(result.exitCode()).isEqualTo(78);
        assertThat(result.err()).startsWith("postbox: " + config + ": limits.idle-timout: unknown key")
                .endsWith("\n").doesNotContain("\tat ");
        assertThat(result.err().lines()).hasSize(1);
    }

    @Test
    void aKeyGivenTwiceIsAConfigErrorNamingFileKeyAndLines() throws Exception {
        Path config = dir.resolve("twice.yaml");
        Files.writeString(config, "store:\n  path: " + dir.resolve("mail") + "\nlogging:\n  level: info\n"
                + "store:\n  path: " + dir.resolve("other") + "\n");

        Cli.Result result = new Cli(config).run("domain", "list");

        assertThat(result.exitCode()).isEqualTo(78);
        assertThat(result.err()).isEqualTo("postbox: " + config + ": store: given twice, at lines 1 and 5; keep one\n");
    }

    @Test
    void aBadStoreSettingIsAConfigErrorNamingTheKey() throws Exception {
        Path config = dir.resolve("store.yaml");
        Files.writeString(config, "store:\n  type: maildir\n  path: " + dir.resolve("mail") + "\n  fsync: maybe\n");

        Cli.Result result = new Cli(config).run("domain", "list");

        assertThat(result.exitCode()).isEqualTo(78);
        assertThat(result.err()).startsWith("postbox: " + config + ": store.fsync: ");
    }

    @Test
    void aMissingConfigurationFileIsAConfigError() {
        Path missing = dir.resolve("missing.yaml");

        Cli.Result result = new Cli(missing).run("domain", "list");

        assertThat(result.exitCode()).isEqualTo(78);
        assertThat(result.err()).isEqualTo("postbox: " + missing + ": configuration file " + missing + " does not exist\n");
    }
}
