package org.postbox.daemon;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line of {@code postboxd}, parsed by picocli as the {@code postbox} command's is,
 * so that both take options alike ({@code --config FILE} and {@code --config=FILE}, each once).
 */
@Command(name = "postboxd",
        usageHelpWidth = 90,
        description = {
            "Runs the Postbox POP3 server until it receives SIGTERM or SIGINT; SIGHUP reloads the TLS certificates."},
        footerHeading = "%nExit status:%n",
        footer = {
            "  0    ok",
            "  1    runtime failure (e.g. a port cannot be bound)",
            "  64   bad usage",
            "  78   invalid configuration"})
final class DaemonOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "The YAML configuration file. Default: $POSTBOX_CONFIG, else <postbox.home>/conf/postbox.yaml,"
                    + " else the built-in defaults.")
    private Path config;

    @Option(names = "--check-config",
            description = "Validate the configuration and open the store, print \"ok\", and exit.")
    private boolean checkConfig;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print this help and exit.")
    private boolean help;

    private DaemonOptions() {
    }

    /** @throws IllegalArgumentException with picocli's one-line reason for a bad command line */
    static DaemonOptions parse(String... args) {
        DaemonOptions options = new DaemonOptions();
        try {
            new CommandLine(options).parseArgs(args);
        } catch (CommandLine.ParameterException bad) {
            throw new IllegalArgumentException(bad.getMessage(), bad);
        }
        if (options.config != null && options.config.toString().isBlank()) {
            throw new IllegalArgumentException("--config needs a file name");
        }
        return options;
    }

    /** The usage text, as {@code --help} prints it. */
    static String usage() {
        return new CommandLine(new DaemonOptions()).getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing();
    }

    Optional<Path> config() {
        return Optional.ofNullable(config);
    }

    boolean checkConfig() {
        return checkConfig;
    }

    boolean help() {
        return help;
    }
}
