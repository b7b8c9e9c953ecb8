package org.postbox.migration;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Something in a source file that cannot be taken over as it is: a line that does not parse, a
 * value that is not allowed, a duplicate. Readers collect these and go on with the rest of the
 * file, so that one bad line never costs the whole import; the import reports them at the end.
 * The reason never quotes a password hash.
 *
 * @param file   the file the problem is in
 * @param line   its line number, counted from 1; 0 when it concerns the whole file
 * @param reason what is wrong, in words an administrator can act on
 */
public record SourceProblem(Path file, long line, String reason) {

    public SourceProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(reason, "reason");
        if (line < 0) {
            throw new IllegalArgumentException("line must not be negative: " + line);
        }
    }

    /** Where it is: {@code file:line}, or {@code file} for the whole file. */
    public String origin() {
        return line == 0 ? file.toString() : file + ":" + line;
    }

    /** {@code file:line: reason}, or {@code file: reason} for the whole file. */
    @Override
    public String toString() {
        return origin() + ": " + reason;
    }
}
