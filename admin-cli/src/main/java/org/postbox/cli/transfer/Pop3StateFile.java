package org.postbox.cli.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.postbox.migration.SourceFormatException;
import org.postbox.migration.SourceProblem;

/**
 * The file in which an old server's POP3 kept which UIDL each message of a Maildir had (Courier's
 * {@code courierpop3dsizelist}, Dovecot's {@code dovecot-uidlist}), read the same way for both:
 * without it, or when it cannot be read at all, the messages get Postbox UIDLs, which is a warning
 * unless the Maildir holds no message; each of its bad lines is a warning too.
 */
final class Pop3StateFile {

    /** One server's reader of the file. */
    @FunctionalInterface
    interface Reader<T> {
        T read(Path file) throws IOException;
    }

    private Pop3StateFile() {
    }

    /**
     * The file read by {@code reader}, empty when there is none or it cannot be read at all.
     *
     * @param server     the old server, for the findings
     * @param noMessages whether the Maildir holds no message, so that a missing file matters to none
     * @param problems   the lines the reader left out
     * @throws IOException when the file exists but cannot be read
     */
    static <T> Optional<T> read(Path file, String server, String mailbox, boolean noMessages, Reader<T> reader,
                                Function<T, List<SourceProblem>> problems, List<Finding> findings) throws IOException {
        if (!Files.isRegularFile(file)) {
            if (!noMessages) {
                findings.add(new Finding(Finding.Kind.WARNING, file.toString(), mailbox + " has no " + file.getFileName()
                        + ": " + server + " has not listed its messages, which get Postbox UIDLs"));
            }
            return Optional.empty();
        }
        try {
            T read = reader.read(file);
            problems.apply(read).forEach(problem -> findings.add(new Finding(Finding.Kind.WARNING,
                    problem.origin(), problem.reason())));
            return Optional.of(read);
        } catch (SourceFormatException e) {
            findings.add(new Finding(Finding.Kind.WARNING, e.problem().origin(), e.problem().reason()
                    + "; the UIDLs " + server + " sent for " + mailbox + " cannot be known"));
            return Optional.empty();
        }
    }
}
