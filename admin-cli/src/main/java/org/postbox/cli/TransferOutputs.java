package org.postbox.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.postbox.cli.transfer.RunReport;
import org.postbox.cli.transfer.TransferEvents;

/** What import and migrate share on the command line: their output and their exit status. */
final class TransferOutputs {

    private TransferOutputs() {
    }

    /**
     * JSON lines with {@code --json}; otherwise text, with a progress line when the output is a
     * terminal.
     */
    static TransferEvents of(CommandContext context, PrintWriter out, boolean json, String verb, boolean dryRun) {
        if (json) {
            return new JsonTransferOutput(out);
        }
        Optional<ProgressLine> progress = context.terminal().map(terminal -> new ProgressLine(out, System::nanoTime));
        return new TextTransferOutput(out, verb, dryRun, progress);
    }

    /**
     * 0 when everything was taken over (warnings allowed); 65 when something was not, for a reason
     * the report gives; 75 when the only things left are for a later run (a mailbox in use).
     */
    static int exitCode(RunReport report) {
        if (report.incomplete()) {
            return ExitCodes.DATA;
        }
        return report.retryNeeded() ? ExitCodes.TEMPORARY : ExitCodes.OK;
    }

    /**
     * {@code file}, checked to be a readable file (or directory, where one is allowed).
     *
     * @throws CommandFailure when it is not
     */
    static Path readable(String option, Path file, boolean directoryAllowed) {
        if (!Files.isReadable(file) || (!directoryAllowed && Files.isDirectory(file))) {
            throw new CommandFailure(ExitCodes.NO_INPUT, option + " " + file + ": "
                    + (Files.exists(file) ? "cannot be read" : "no such file"));
        }
        return file;
    }
}
