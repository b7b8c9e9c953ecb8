package org.postbox.pop3.server.command;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.postbox.pop3.protocol.ResponseCode;
import org.postbox.pop3.server.TestSettings;
import org.postbox.pop3.server.session.Pop3Session;
import org.postbox.session.EndReason;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorRepliesTest {

    private final Pop3Session session = new Pop3Session("s1", TestSettings.defaults().build(),
            new InetSocketAddress("127.0.0.1", 1110), Runnable::run);

    /** Work that was to go on after a login check, refused by a full worker pool, as a future reports it. */
    @Test
    void aFullWorkerPoolEndsTheSessionAsBusy() {
        RejectedExecutionException full = new RejectedExecutionException("pool full");

        assertThat(ErrorReplies.of(new CompletionException(full), session)).isEqualTo(ErrorReplies.SERVER_BUSY);
        assertThat(ErrorReplies.SERVER_BUSY.code()).isEqualTo(ResponseCode.SYS_TEMP);
        assertThat(ErrorReplies.SERVER_BUSY.text()).isEqualTo("server busy, try again later");
        assertThat(session.closeRequest()).contains(EndReason.BUSY);
    }
}
