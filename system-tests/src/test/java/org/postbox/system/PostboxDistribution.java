package org.postbox.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The assembled distribution ({@code distribution/target/postbox}) as an administrator runs it:
 * {@code bin/postbox} and {@code bin/postboxd}, each a process of its own, on the Java that runs
 * these tests.
 */
public final class PostboxDistribution {

    private static final Duration COMMAND_LIMIT = Duration.ofMinutes(3);

    private final Path home;

    private PostboxDistribution(Path home) {
        this.home = home;
    }

    /** The distribution this build assembled; Maven passes its place as {@code postbox.distribution}. */
    public static PostboxDistribution assembled() {
        String property = System.getProperty("postbox.distribution");
        if (property == null) {
            throw new AssertionError("postbox.distribution is not set: run these tests through Maven (./mvnw -pl system-tests -am verify)");
        }
        Path home = Path.of(property).toAbsolutePath().normalize();
        for (String script : List.of("bin/postbox", "bin/postboxd")) {
            if (!Files.isExecutable(home.resolve(script))) {
                throw new AssertionError(home.resolve(script) + " is missing: the distribution is not assembled; build it with "
                        + "./mvnw -pl system-tests -am verify");
            }
        }
        return new PostboxDistribution(home);
    }

    /** Runs {@code bin/postbox --config CONFIG ARGS...} to its end; the caller checks how it ended. */
    public ChildProcess.Finished postbox(Path config, Path logs, String name, List<String> arguments) {
        return postbox(config, logs, name, arguments, Map.of(), Path.of("/dev/null"));
    }

    /**
     * As {@link #postbox(Path, Path, String, List)}, with {@code variables} added to its environment
     * and its standard input read from {@code input}.
     */
    public ChildProcess.Finished postbox(Path config, Path logs, String name, List<String> arguments, Map<String, String> variables,
                                  Path input) {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/postbox").toString(), "--config", config.toString()));
        command.addAll(arguments);
        Map<String, String> environment = new HashMap<>(environment());
        environment.putAll(variables);
        return ChildProcess.run(command, logs, environment, input, logs, name, COMMAND_LIMIT);
    }

    /** Starts {@code bin/postboxd --config CONFIG}; returns once its POP3 and LMTP listeners accept connections. */
    public PostboxDaemon startDaemon(Path config, Path logs, int pop3Port, int lmtpPort) {
        return PostboxDaemon.start(List.of(home.resolve("bin/postboxd").toString(), "--config", config.toString()),
                environment(), logs, pop3Port, lmtpPort);
    }

    private static Map<String, String> environment() {
        return Map.of("JAVA_HOME", System.getProperty("java.home"));
    }
}
