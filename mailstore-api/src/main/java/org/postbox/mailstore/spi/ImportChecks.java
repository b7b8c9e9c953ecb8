package org.postbox.mailstore.spi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.postbox.mailstore.ImportOutcome;
import org.postbox.mailstore.ImportedMessage;

/**
 * What every backend's import checks of a message before and after reading its source
 * ({@link org.postbox.mailstore.MailboxImport#add}), so that each skips or refuses a message for the
 * same reason and in the same words.
 */
public final class ImportChecks {

    private ImportChecks() {
    }

    /**
     * Why a message of a batch is not to be stored, whatever its source: an earlier message of the
     * batch has its UIDL, or the mailbox answers that UIDL already.
     *
     * @param uidlsOfBatch the UIDLs of the batch's earlier messages; this message's is added
     * @param present      whether the mailbox answers a UIDL already
     * @return empty for a message to go on with
     */
    public static Optional<ImportOutcome> skipped(ImportedMessage message, Set<String> uidlsOfBatch,
                                                  Predicate<String> present) {
        if (!uidlsOfBatch.add(message.uidl())) {
            return Optional.of(new ImportOutcome.Refused(message.uidl(), ImportOutcome.Problem.DUPLICATE_UIDL,
                    "an earlier message of the batch has this UIDL"));
        }
        if (present.test(message.uidl())) {
            return Optional.of(new ImportOutcome.AlreadyPresent(message.uidl()));
        }
        return Optional.empty();
    }

    /**
     * Why the source cannot be imported, from its attributes alone: it is missing or cannot be
     * read, is no regular file, or has not the expected size.
     *
     * @return empty for a source to read
     */
    public static Optional<ImportOutcome.Refused> sourceRefusal(ImportedMessage message) {
        Path source = message.source();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(source, BasicFileAttributes.class);
        } catch (IOException e) {
            return Optional.of(refused(message, ImportOutcome.Problem.UNREADABLE_SOURCE, e.toString()));
        }
        if (!attributes.isRegularFile()) {
            return Optional.of(refused(message, ImportOutcome.Problem.UNREADABLE_SOURCE, source + " is no regular file"));
        }
        if (attributes.size() != message.expectedSize()) {
            return Optional.of(refused(message, ImportOutcome.Problem.SIZE_MISMATCH,
                    source + " has " + attributes.size() + " octets, expected " + message.expectedSize()));
        }
        return Optional.empty();
    }

    /** The refusal of a message whose source, read, had {@code octetsRead} rather than its expected size. */
    public static ImportOutcome.Refused changedWhileRead(ImportedMessage message, long octetsRead) {
        return refused(message, ImportOutcome.Problem.SIZE_MISMATCH,
                message.source() + " changed while it was read: " + octetsRead + " octets");
    }

    private static ImportOutcome.Refused refused(ImportedMessage message, ImportOutcome.Problem problem, String detail) {
        return new ImportOutcome.Refused(message.uidl(), problem, detail);
    }
}
