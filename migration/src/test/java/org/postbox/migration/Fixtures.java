package org.postbox.migration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files that src/test/scripts made with a real Dovecot and a real Courier (see the README
 * next to them), and the answers those servers gave.
 */
public final class Fixtures {

    private Fixtures() {
    }

    /** src/test/resources/dovecot: Maildirs, passwd-file and answers of Dovecot 2.3. */
    public static Path dovecot() {
        return resource("/dovecot");
    }

    /** src/test/resources/courier: Maildirs, userdb and answers of Courier 1.0. */
    public static Path courier() {
        return resource("/courier");
    }

    /**
     * One line of a server's UIDL answer with the size its LIST gave: {@code <number> <uidl> <size>}.
     * A UIDL the server sent with a line break in it has {@code continuation} set to what came
     * after the break.
     */
    public record Answer(int number, String uidl, long size, String continuation) {
    }

    /** The lines of an answers file. */
    public static List<Answer> answers(Path file) {
        List<Answer> answers = new ArrayList<>();
        for (String line : lines(file)) {
            if (line.startsWith("RAW ")) {
                Answer previous = answers.remove(answers.size() - 1);
                answers.add(new Answer(previous.number(), previous.uidl(), previous.size(), line.substring(4)));
                continue;
            }
            String[] fields = line.split(" ");
            answers.add(new Answer(Integer.parseInt(fields[0]), fields[1], Long.parseLong(fields[2]), ""));
        }
        return answers;
    }

    /** The message file names in a Maildir's cur/ and new/, as a server scanning it sees them. */
    public static List<String> messageFiles(Path maildir) {
        List<String> names = new ArrayList<>();
        for (String sub : List.of("cur", "new")) {
            Path dir = maildir.resolve(sub);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                files.map(path -> path.getFileName().toString()).sorted().forEach(names::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    /** The message file of a Maildir with this name, in cur/ or new/. */
    public static Path messageFile(Path maildir, String name) {
        Path cur = maildir.resolve("cur").resolve(name);
        return Files.exists(cur) ? cur : maildir.resolve("new").resolve(name);
    }

    public static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path resource(String name) {
        try {
            return Path.of(Fixtures.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
