package org.postbox.cli;

import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import org.postbox.admin.Actor;
import org.postbox.admin.AdminService;
import org.postbox.config.PostboxConfig;
import org.postbox.mailstore.MailStore;

/** What the commands share besides their own arguments: the global options, standard input and the terminal. */
final class CommandContext {
    private final GlobalOptions options;
    private final InputStream stdin;
    private final Optional<Terminal> terminal;
    private final Map<String, String> environment;

    CommandContext(GlobalOptions options, InputStream stdin, Optional<Terminal> terminal,
                   Map<String, String> environment) {
        this.options = options;
        this.stdin = stdin;
        this.terminal = terminal;
        this.environment = Map.copyOf(environment);
    }

    /** The process's environment (a test's own map in tests). */
    Map<String, String> environment() {
        return environment;
    }

    GlobalOptions options() {
        return options;
    }

    InputStream stdin() {
        return stdin;
    }

    Optional<Terminal> terminal() {
        return terminal;
    }

    /**
     * Loads the configuration and opens the configured store; the caller closes it.
     *
     * @throws org.postbox.config.ConfigException if the configuration is invalid
     */
    MailStore openStore() {
        return config().store().open();
    }

    /**
     * Loads the configuration.
     *
     * @throws org.postbox.config.ConfigException if it is invalid
     */
    PostboxConfig config() {
        return PostboxConfig.load(options.configFile());
    }

    /** The administration of an open store, auditing changes as made by {@link #actor()}. */
    AdminService admin(MailStore store) {
        return AdminService.of(store);
    }

    /** Who runs this command, as audit lines name it: {@code cli:<system user>}. */
    Actor actor() {
        return Actor.cli(System.getProperty("user.name"));
    }
}
