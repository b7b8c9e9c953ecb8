package org.postbox.migration;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A source file that cannot be read at all, such as a {@code dovecot-uidlist} whose header is not
 * one of the known versions: nothing in it can be trusted, so the reader gives up on the file
 * (never on the whole import). The message names the file and the line.
 */
public final class SourceFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient SourceProblem problem;

    public SourceFormatException(SourceProblem problem) {
        super(problem.toString());
        this.problem = problem;
    }

    public SourceProblem problem() {
        return problem;
    }
}
