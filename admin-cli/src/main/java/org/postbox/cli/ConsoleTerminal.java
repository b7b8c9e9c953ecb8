package org.postbox.cli;

import java.io.Console;
import java.util.Optional;

/** {@link Terminal} on the JVM's {@link Console}. */
final class ConsoleTerminal implements Terminal {
    private final Console console;

    private ConsoleTerminal(Console console) {
        this.console = console;
    }

    /** The process's terminal, or empty when standard input or output is redirected. */
    static Optional<Terminal> ofProcess() {
        return Optional.ofNullable(System.console()).map(ConsoleTerminal::new);
    }

    @Override
    public Optional<char[]> readSecret(String prompt) {
        return Optional.ofNullable(console.readPassword("%s", prompt));
    }

    @Override
    public Optional<String> readLine(String prompt) {
        return Optional.ofNullable(console.readLine("%s", prompt));
    }
}
