package org.postbox.lmtp.session;

import org.postbox.lmtp.codec.LmtpReply;

/** Where the engine sends replies: the connection, in the order given. */
public interface ReplySink {

    void send(LmtpReply reply);

    /** False once the connection is gone: delivering further copies would only make duplicates. */
    boolean connected();
}
