package org.postbox.cli;

import java.util.Optional;

/** The operator's terminal, when there is one: where passwords are typed and removals confirmed. */
interface Terminal {

    /** Reads a line without echo; empty at end of input. */
    Optional<char[]> readSecret(String prompt);

    /** Reads a line; empty at end of input. */
    Optional<String> readLine(String prompt);
}
