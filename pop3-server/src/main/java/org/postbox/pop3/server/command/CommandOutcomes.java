package org.postbox.pop3.server.command;

import java.util.Locale;
import org.postbox.pop3.protocol.InvalidRequest;
import org.postbox.pop3.protocol.Pop3Command;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.protocol.Pop3Request;
import org.postbox.pop3.server.Pop3Observer;

/**
 * How requests and replies are named in metrics ({@link Pop3Observer#commandAnswered}): from small
 * fixed sets, so that no client can make up new series.
 */
final class CommandOutcomes {

    static final String SASL = "SASL";
    static final String INVALID = "INVALID";

    private CommandOutcomes() {
    }

    /** The command's keyword; {@value #SASL} for a line of an AUTH exchange; {@value #INVALID} for anything else. */
    static String command(Pop3Request request) {
        if (request instanceof Pop3Command command) {
            return command.keyword();
        }
        if (request instanceof InvalidRequest) {
            return INVALID;
        }
        return SASL;
    }

    /** {@code ok}, {@code continue}, {@code err}, or the refusal's response code ({@code in_use}, {@code sys_temp}, ...). */
    static String result(Pop3Reply reply) {
        if (reply instanceof Pop3Reply.Err err) {
            return err.code() == null ? "err" : err.code().name().toLowerCase(Locale.ROOT);
        }
        if (reply instanceof Pop3Reply.Continuation) {
            return "continue";
        }
        return "ok";
    }
}
