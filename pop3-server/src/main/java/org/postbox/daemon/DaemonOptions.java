package org.postbox.daemon;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The command line of {@code postboxd}. Three options do not justify a parsing library.
 *
 * @param config      the file named by {@code --config}, if any
 * @param checkConfig {@code --check-config}: validate, open the store, print "ok" and exit
 * @param help        {@code --help}
 */
record DaemonOptions(Optional<Path> config, boolean checkConfig, boolean help) {

    static final String USAGE = String.join(System.lineSeparator(),
            "Usage: postboxd [--config FILE] [--check-config] [--help]",
            "Runs the Postbox POP3 server until it receives SIGTERM or SIGINT; SIGHUP reloads the",
            "TLS certificates.",
            "",
            "  --config FILE    the YAML configuration file; default: $" + "POSTBOX_CONFIG, else",
            "                   <postbox.home>/conf/postbox.yaml, else the built-in defaults",
            "  --check-config   validate the configuration and open the store, print \"ok\", exit",
            "  --help           print this help and exit",
            "",
            "Exit status: 0 ok, 1 runtime failure (e.g. a port cannot be bound), 64 bad usage,",
            "78 invalid configuration.");

    /** @throws IllegalArgumentException with a one-line reason for a bad command line */
    static DaemonOptions parse(String... args) {
        Optional<Path> config = Optional.empty();
        boolean checkConfig = false;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
            } else if (arg.equals("--check-config")) {
                checkConfig = true;
            } else if (arg.equals("--config") || arg.startsWith("--config=")) {
                if (config.isPresent()) {
                    throw new IllegalArgumentException("--config given twice");
                }
                String value;
                if (arg.startsWith("--config=")) {
                    value = arg.substring("--config=".length());
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new IllegalArgumentException("--config needs a file name");
                }
                if (value.isBlank()) {
                    throw new IllegalArgumentException("--config needs a file name");
                }
                config = Optional.of(Path.of(value));
            } else {
                throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        return new DaemonOptions(config, checkConfig, help);
    }
}
