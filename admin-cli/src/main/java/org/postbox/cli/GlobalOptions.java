package org.postbox.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.postbox.config.PostboxConfig;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options accepted before or after any subcommand. */
final class GlobalOptions {

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "The configuration file. Default: $POSTBOX_CONFIG, else <postbox home>/conf/postbox.yaml, "
                    + "else the built-in defaults.")
    private Path config;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print the stack trace of a failure, for bug reports.")
    private boolean verbose;

    Optional<Path> configFile() {
        return Optional.ofNullable(config);
    }

    boolean verbose() {
        return verbose;
    }

    /** Where the configuration comes from, as errors name it. */
    String configOrigin() {
        return configFile().or(PostboxConfig::defaultLocation).map(Path::toString).orElse("built-in defaults");
    }
}
