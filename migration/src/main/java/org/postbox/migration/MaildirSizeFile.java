package org.postbox.migration;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.postbox.mailstore.MailboxQuota;

/**
 * A Maildir++ {@code maildirsize} file as Courier's maildirquota(7) and Dovecot write it:
 * <pre>
 * 10000000S,100C          the limits (see {@link QuotaDefinition})
 *            0            0    usage when the file was made: octets, messages
 *           80            1    one line per later change, deletions negative
 *         -111           -1
 * </pre>
 * What an import takes over are the limits; the usage is the sum of the other lines and only
 * worth comparing with what was imported, since a quota is recounted from the messages anyway.
 *
 * @param limits       the first line
 * @param usedOctets   the sum of the first column of the other lines
 * @param usedMessages the sum of their second column
 * @param problems     lines that could not be read (they count for nothing)
 */
public record MaildirSizeFile(MailboxQuota limits, long usedOctets, long usedMessages, List<SourceProblem> problems) {

    public MaildirSizeFile {
        problems = List.copyOf(problems);
    }

    /**
     * Reads {@code file}; empty when it has no first line at all.
     *
     * @throws SourceFormatException when its first line is not a quota definition: then nothing
     *                               in it says what the limits were
     */
    public static Optional<MaildirSizeFile> read(Path file) throws IOException {
        List<SourceProblem> problems = new ArrayList<>();
        MailboxQuota limits = null;
        long octets = 0;
        long messages = 0;
        try (TextLines lines = TextLines.open(file)) {
            Optional<TextLines.Line> next;
            while ((next = lines.next()).isPresent()) {
                TextLines.Line line = next.get();
                if (line instanceof TextLines.Line.Unreadable unreadable) {
                    if (limits == null) {
                        throw new SourceFormatException(new SourceProblem(file, line.number(), unreadable.reason()));
                    }
                    problems.add(new SourceProblem(file, line.number(), unreadable.reason()));
                    continue;
                }
                String text = ((TextLines.Line.Text) line).text();
                if (limits == null) {
                    try {
                        limits = QuotaDefinition.parse(text);
                    } catch (IllegalArgumentException e) {
                        throw new SourceFormatException(new SourceProblem(file, line.number(),
                                "the first line is not a Maildir++ quota definition: " + e.getMessage()));
                    }
                    continue;
                }
                String[] numbers = text.strip().split("[ \t]+");
                try {
                    if (numbers.length != 2) {
                        throw new NumberFormatException();
                    }
                    long lineOctets = Long.parseLong(numbers[0]);
                    long lineMessages = Long.parseLong(numbers[1]);
                    octets = Math.addExact(octets, lineOctets);
                    messages = Math.addExact(messages, lineMessages);
                } catch (NumberFormatException | ArithmeticException e) {
                    problems.add(new SourceProblem(file, line.number(),
                            "expected '<octets> <messages>' (two whole numbers), found '" + text.strip() + "'"));
                }
            }
        }
        if (limits == null) {
            return Optional.empty();
        }
        return Optional.of(new MaildirSizeFile(limits, octets, messages, problems));
    }
}
