package org.postbox.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * Writes the bash completion script and the man pages of {@code postbox}, both from the command
 * model itself, so they list exactly the commands and options there are. Run by the build
 * (exec-maven-plugin, into {@code target/}); the distribution ships them in {@code completion/}
 * and {@code man/man1/}. Never committed.
 */
final class ReferenceFiles {

    private ReferenceFiles() {
    }

    /** {@code args[0]}: the directory to write {@code completion/postbox} and {@code man/man1/*.1} into. */
    public static void main(String[] args) throws IOException {
        write(Path.of(args[0]));
    }

    static void write(Path directory) throws IOException {
        CommandLine root = PostboxCommand.create(new ByteArrayInputStream(new byte[0]), Optional.empty());
        Path completion = Files.createDirectories(directory.resolve("completion")).resolve("postbox");
        Files.writeString(completion, AutoComplete.bash("postbox", root), StandardCharsets.UTF_8);
        Path man = Files.createDirectories(directory.resolve("man/man1"));
        writeManPages(man, root);
    }

    private static void writeManPages(Path man, CommandLine command) throws IOException {
        String name = command.getCommandSpec().qualifiedName("-");
        Files.writeString(man.resolve(name + ".1"), manPage(command), StandardCharsets.UTF_8);
        for (CommandLine sub : command.getSubcommands().values()) {
            if (!sub.getCommandSpec().name().equals("help")) {
                writeManPages(man, sub);
            }
        }
    }

    /**
     * A man page in roff: NAME from the command's first description line, then its whole usage
     * help (synopsis, options, commands, exit statuses) as picocli prints it, kept as laid out.
     */
    static String manPage(CommandLine command) {
        String name = command.getCommandSpec().qualifiedName("-");
        String[] description = command.getCommandSpec().usageMessage().description();
        String summary = description.length == 0 ? "" : description[0].replace("%n", " ");
        StringBuilder page = new StringBuilder()
                .append(".TH ").append(name.toUpperCase(Locale.ROOT)).append(" 1 \"\" \"postbox ")
                .append(PostboxCommand.version()).append("\" \"Postbox Manual\"\n")
                .append(".SH NAME\n").append(escape(name)).append(" \\- ").append(escape(summary)).append('\n')
                .append(".SH DESCRIPTION\n.nf\n");
        for (String line : command.getUsageMessage(Ansi.OFF).split("\n", -1)) {
            page.append(escape(line)).append('\n');
        }
        return page.append(".fi\n").toString();
    }

    /** A line as roff text: backslashes doubled, and a leading dot or quote not taken for a request. */
    private static String escape(String line) {
        String text = line.replace("\\", "\\e");
        return text.startsWith(".") || text.startsWith("'") ? "\\&" + text : text;
    }
}
