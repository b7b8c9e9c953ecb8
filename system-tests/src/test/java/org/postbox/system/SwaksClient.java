package org.postbox.system;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * swaks, the MTA engineer's hand tool, delivering one message over LMTP as an MTA would: its
 * transcript (on standard output) shows each reply, {@code <** } marking those that refused.
 */
final class SwaksClient {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    private final int port;
    private final Path logs;

    SwaksClient(int port, Path logs) {
        this.port = port;
        this.logs = logs;
    }

    /**
     * One transaction to {@code recipient}; the message carries {@code messageId}, so that it is
     * recognised in a maildrop. The caller checks how it ended: 0 when delivered, 24 when the
     * recipient was refused at RCPT.
     */
    ChildProcess.Finished deliver(String recipient, String messageId) {
        List<String> command = List.of(Peer.SWAKS.path().toString(),
                "--protocol", "LMTP", "--server", Loopback.HOST, "--port", Integer.toString(port),
                "--helo", "system-tests.postbox.test",
                "--from", "sender@sender.test", "--to", recipient,
                "--header", "Subject: for " + recipient,
                // Spelt as swaks spells its own, which it replaces only then.
                "--header", "Message-Id: <" + messageId + ">",
                "--body", "Sent by swaks to " + recipient + ".");
        return ChildProcess.run(command, logs, Map.of(), logs, "swaks", LIMIT);
    }
}
