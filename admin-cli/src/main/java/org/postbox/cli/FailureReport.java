package org.postbox.cli;

import java.io.PrintWriter;
import java.util.Optional;
import org.postbox.admin.AdminException;
import org.postbox.admin.ErrorKind;
import org.postbox.config.ConfigException;
import org.postbox.mailstore.StoreConfigException;
import org.postbox.mailstore.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one place where failures become a line on standard error and an exit status
 * ({@link ExitCodes}). A stack trace is printed only with {@code --verbose}.
 */
final class FailureReport implements IExecutionExceptionHandler, IParameterExceptionHandler {
    static final String PROGRAM = "postbox";

    private final GlobalOptions options;

    FailureReport(GlobalOptions options) {
        this.options = options;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        Optional<OptionLikeValue> optionLike = OptionLikeValue.behind(e);
        if (optionLike.isPresent()) {
            err.println(PROGRAM + ": " + optionLike.get().message());
            err.println();
        } else {
            err.println(PROGRAM + ": " + e.getMessage());
            if (!UnmatchedArgumentException.printSuggestions(e, err)) {
                err.println();
            }
        }
        command.usage(err);
        return ExitCodes.USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        int code = exitCode(e);
        err.println(PROGRAM + ": " + message(e));
        if (options.verbose()) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    private String message(Exception e) {
        if (e instanceof ConfigException) {
            return options.configOrigin() + ": " + e.getMessage();
        }
        if (e instanceof StoreConfigException) {
            // A backend setting found invalid after the store was opened; the key is store-relative.
            String key = ((StoreConfigException) e).key();
            return options.configOrigin() + ": " + (key.startsWith("store.") ? "" : "store.") + e.getMessage();
        }
        if ((e instanceof CommandFailure || e instanceof StoreException || e instanceof IllegalArgumentException
                || e instanceof AdminException) && e.getMessage() != null) {
            return e.getMessage();
        }
        return "internal error: " + e + (options.verbose() ? "" : " (run with --verbose for details)");
    }

    static int exitCode(Exception e) {
        if (e instanceof CommandFailure) {
            return ((CommandFailure) e).exitCode();
        }
        if (e instanceof ConfigException || e instanceof StoreConfigException) {
            return ExitCodes.CONFIG;
        }
        if (e instanceof StoreException || e instanceof IllegalArgumentException || e instanceof AdminException) {
            return ExitCodes.of(ErrorKind.of(e));
        }
        return ExitCodes.SOFTWARE;
    }
}
