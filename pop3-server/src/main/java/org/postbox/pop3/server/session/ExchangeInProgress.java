package org.postbox.pop3.server.session;

import java.util.concurrent.CompletionStage;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.protocol.SaslResponse;

/** An AUTH exchange waiting for the client's next line (RFC 5034 section 4). */
public interface ExchangeInProgress {

    /** The reply to the client's next response: another challenge, or the end of the exchange. */
    CompletionStage<Pop3Reply> respond(SaslResponse response);

    /** The exchange ends without an answer (the client broke off); frees what it holds. */
    void abandon();
}
