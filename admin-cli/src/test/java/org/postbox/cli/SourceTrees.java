package org.postbox.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Dovecot and Courier installations that a real Dovecot 2.3 and a real Courier 1.0 wrote, kept
 * in the migration module's test resources (see the README files there), copied for a test so that
 * an import may link, move or read them as it would on a server; and the answers those servers
 * gave to UIDL and LIST.
 */
final class SourceTrees {

    /** One line of a server's answers: message number, UIDL, POP3 size. */
    record Answer(int number, String uidl, long size) {
    }

    private SourceTrees() {
    }

    /** A copy of the Dovecot fixtures in {@code dir}: {@code passwd}, {@code mail/}, {@code answers/}. */
    static Path dovecot(Path dir) {
        return copy(fixtures().resolve("dovecot"), dir.resolve("dovecot"));
    }

    /** A copy of the Courier fixtures in {@code dir}: {@code userdb}, {@code mail/}, {@code answers/}. */
    static Path courier(Path dir) {
        return copy(fixtures().resolve("courier"), dir.resolve("courier"));
    }

    /** The answers file {@code name} of a fixture tree; a UIDL sent with a line break in it is left out. */
    static List<Answer> answers(Path tree, String name) {
        List<Answer> answers = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(tree.resolve("answers").resolve(name))) {
                if (line.startsWith("RAW ")) {
                    continue;
                }
                String[] fields = line.split(" ");
                answers.add(new Answer(Integer.parseInt(fields[0]), fields[1], Long.parseLong(fields[2])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return answers;
    }

    private static Path fixtures() {
        // Tests run in the module's directory; the fixtures belong to the readers' module.
        Path resources = Path.of("").toAbsolutePath().resolveSibling("migration").resolve("src/test/resources");
        if (!Files.isDirectory(resources.resolve("dovecot"))) {
            throw new IllegalStateException("the migration module's fixtures are not at " + resources);
        }
        return resources;
    }

    private static Path copy(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return to;
    }
}
