package org.postbox.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.postbox.config.PostboxConfig;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.jpa.testing.StoreFixture;
import picocli.CommandLine;

/** Runs {@code postbox} in-process against a configuration file, capturing what it prints. */
final class Cli {

    /** What one run printed and returned. */
    record Result(int exitCode, String out, String err) {
    }

    /** A terminal that answers from a script and remembers the prompts it showed. */
    static final class ScriptedTerminal implements Terminal {
        private final Deque<String> answers;
        final List<String> prompts = new ArrayList<>();

        ScriptedTerminal(String... answers) {
            this.answers = new ArrayDeque<>(List.of(answers));
        }

        @Override
        public Optional<char[]> readSecret(String prompt) {
            prompts.add(prompt);
            return Optional.ofNullable(answers.poll()).map(String::toCharArray);
        }

        @Override
        public Optional<String> readLine(String prompt) {
            prompts.add(prompt);
            return Optional.ofNullable(answers.poll());
        }
    }

    private final Path config;

    Cli(Path config) {
        this.config = config;
    }

    /** A configuration with a Maildir store under {@code dir}/mail; fsync off to keep tests fast. */
    static Cli withMaildir(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path config = dir.resolve("postbox.yaml");
        Files.writeString(config, "store:\n  type: maildir\n  path: " + dir.resolve("mail") + "\n  fsync: false\n");
        return new Cli(config);
    }

    /** A configuration with a fresh, empty store of {@code backend}, its files under {@code dir}. */
    static Cli withStore(StoreFixture backend, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path config = dir.resolve("postbox.yaml");
        StringBuilder yaml = new StringBuilder("store:\n  type: ").append(backend.name()).append('\n');
        backend.storeSettings(dir.resolve("mail")).forEach((key, value) -> yaml.append("  ").append(key).append(": ")
                .append(value instanceof String text ? quoted(text) : value).append('\n'));
        Files.writeString(config, yaml);
        return new Cli(config);
    }

    /** A YAML double-quoted scalar: URLs and passwords may hold characters YAML would interpret. */
    private static String quoted(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    Path config() {
        return config;
    }

    /** The configured store, opened as the commands open it; the caller closes it. */
    MailStore openStore() {
        return PostboxConfig.load(Optional.of(config)).store().open();
    }

    /**
     * Adds a mailbox through the store itself with a cheap hash, for tests that are not about
     * {@code mailbox add}: each ARGON2ID hash costs a good fraction of a second.
     */
    void addMailboxDirectly(String address) {
        try (MailStore store = openStore()) {
            store.directory().addMailbox(MailboxAddress.parse(address), "{PLAIN}secret");
        }
    }

    Result run(String... args) {
        return run(new byte[0], Optional.empty(), args);
    }

    Result withStdin(String stdin, String... args) {
        return run(stdin.getBytes(StandardCharsets.UTF_8), Optional.empty(), args);
    }

    Result withTerminal(Terminal terminal, String... args) {
        return run(new byte[0], Optional.of(terminal), args);
    }

    Result run(byte[] stdin, Optional<Terminal> terminal, String... args) {
        CommandLine command = PostboxCommand.create(new ByteArrayInputStream(stdin), terminal);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("--config", config.toString()));
        all.addAll(List.of(args));
        int exitCode = command.execute(all.toArray(String[]::new));
        return new Result(exitCode, out.toString(), err.toString());
    }
}
