package org.postbox.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import javax.net.SocketFactory;
import org.eclipse.angus.mail.pop3.POP3Folder;
import org.eclipse.angus.mail.pop3.POP3Message;
import org.junit.jupiter.api.Test;
import org.postbox.mailstore.CrlfSize;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MessageInfo;

/**
 * Jakarta Mail with Eclipse Angus's POP3 provider against a real daemon.
 *
 * <p>What Angus does with the bytes: {@code POP3Message.writeTo(out)} without an ignore list
 * streams {@code RETR} straight to {@code out}, removing only the dot-stuffing and the
 * terminating line, so line ends arrive exactly as the server sent them. {@code top(n)} does the
 * same for {@code TOP}. Message sizes come from {@code LIST} through {@code POP3Folder.getSizes()}
 * ({@code Message.getSize()} would subtract the header size).
 */
class AngusMailEndToEndTest extends CorpusEndToEndTest {
    private static Session session(Properties extra) {
        Properties props = new Properties();
        props.put("mail.pop3.connectiontimeout", "10000");
        props.put("mail.pop3.timeout", "30000");
        props.putAll(extra);
        return Session.getInstance(props);
    }

    private static Store connect(MailboxAddress user) throws Exception {
        return connect(user, new Properties());
    }

    private static Store connect(MailboxAddress user, Properties extra) throws Exception {
        Store store = session(extra).getStore("pop3");
        store.connect("127.0.0.1", daemon.port(), user.toString(), RunningDaemon.PASSWORD);
        return store;
    }

    @Test
    void listsCountSizesAndUniqueIdsAsTheStoreHasThem() throws Exception {
        List<MessageInfo> inStore = daemon.messages(alice);
        Store store = connect(alice);
        try {
            POP3Folder inbox = (POP3Folder) store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertThat(inbox.getMessageCount()).isEqualTo(inStore.size()).isEqualTo(byUid.size());
            int[] sizes = inbox.getSizes();
            for (int n = 1; n <= inStore.size(); n++) {
                String uid = inbox.getUID(inbox.getMessage(n));
                assertThat(uid).isEqualTo(inStore.get(n - 1).uniqueId());
                assertThat((long) sizes[n - 1]).isEqualTo(inStore.get(n - 1).size())
                        .isEqualTo(CrlfSize.of(byUid.get(uid)));
            }
            inbox.close(false);
        } finally {
            store.close();
        }
    }

    @Test
    void retrDeliversExactlyTheNormalisedBytes() throws Exception {
        Store store = connect(alice);
        try {
            POP3Folder inbox = (POP3Folder) store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            for (int n = 1; n <= inbox.getMessageCount(); n++) {
                POP3Message message = (POP3Message) inbox.getMessage(n);
                byte[] stored = byUid.get(inbox.getUID(message));
                ByteArrayOutputStream received = new ByteArrayOutputStream();
                message.writeTo(received);
                assertThat(TestMessages.sha256(received.toByteArray())).as("message %d", n)
                        .isEqualTo(TestMessages.sha256(TestMessages.expectedRetr(stored)));
            }
            inbox.close(false);
        } finally {
            store.close();
        }
    }

    @Test
    void topDeliversTheHeaderAndTheFirstLines() throws Exception {
        Store store = connect(alice);
        try {
            POP3Folder inbox = (POP3Folder) store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            for (int n = 1; n <= inbox.getMessageCount(); n++) {
                POP3Message message = (POP3Message) inbox.getMessage(n);
                byte[] stored = byUid.get(inbox.getUID(message));
                try (InputStream top = message.top(2)) {
                    assertThat(new String(top.readAllBytes(), StandardCharsets.ISO_8859_1)).as("message %d", n)
                            .isEqualTo(new String(TestMessages.expectedTop(stored, 2), StandardCharsets.ISO_8859_1));
                }
                // Angus fetches headers with TOP n 0.
                assertThat(message.getHeader("From", null)).isEqualTo("sender@example.net");
            }
            inbox.close(false);
        } finally {
            store.close();
        }
    }

    @Test
    void deleAndQuitRemovesTheMessage() throws Exception {
        MailboxAddress carol = daemon.addMailbox("carol-angus@example.com");
        String keep = daemon.deliver(carol, "Subject: keep\r\n\r\nkeep\r\n".getBytes(StandardCharsets.US_ASCII));
        String remove = daemon.deliver(carol, "Subject: remove\r\n\r\nremove\r\n".getBytes(StandardCharsets.US_ASCII));
        Store store = connect(carol);
        try {
            POP3Folder inbox = (POP3Folder) store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            for (int n = 1; n <= inbox.getMessageCount(); n++) {
                if (inbox.getUID(inbox.getMessage(n)).equals(remove)) {
                    inbox.getMessage(n).setFlag(Flags.Flag.DELETED, true);
                }
            }
            inbox.close(true); // DELE for flagged messages, then QUIT
        } finally {
            store.close();
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> daemon.daemon().openSessions() == 0);
        assertThat(daemon.messages(carol)).extracting(MessageInfo::uniqueId).containsExactly(keep);
    }

    @Test
    void deleThenDroppedConnectionKeepsTheMessage() throws Exception {
        MailboxAddress dave = daemon.addMailbox("dave-angus@example.com");
        String uid = daemon.deliver(dave, "Subject: precious\r\n\r\nkeep me\r\n".getBytes(StandardCharsets.US_ASCII));
        Properties props = new Properties();
        // Angus sends DELE and QUIT only on close(true); this socket factory cuts the connection
        // instead of letting QUIT out, like a client that crashes after DELE.
        QuitDroppingSocketFactory sockets = new QuitDroppingSocketFactory();
        props.put("mail.pop3.socketFactory", sockets);
        Store store = connect(dave, props);
        try {
            POP3Folder inbox = (POP3Folder) store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            inbox.getMessage(1).setFlag(Flags.Flag.DELETED, true);
            try {
                inbox.close(true);
            } catch (Exception expected) {
                // The client notices its own broken connection; that is the point of the test.
            }
        } finally {
            try {
                store.close();
            } catch (Exception ignored) {
                // as above
            }
        }

        assertThat(sockets.sent).contains("DELE 1");
        await().atMost(Duration.ofSeconds(10)).until(() -> daemon.daemon().openSessions() == 0);
        assertThat(daemon.messages(dave)).extracting(MessageInfo::uniqueId).containsExactly(uid);
    }

    @Test
    void secondLoginWhileTheMaildropIsHeldIsInUse() throws Exception {
        MailboxAddress erin = daemon.addMailbox("erin-angus@example.com");
        daemon.deliver(erin, "Subject: hi\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII));
        Store first = connect(erin);
        try {
            POP3Folder inbox = (POP3Folder) first.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);

            assertThatThrownBy(() -> {
                Store second = connect(erin);
                try {
                    Folder folder = second.getFolder("INBOX");
                    folder.open(Folder.READ_ONLY);
                } finally {
                    second.close();
                }
            }).isInstanceOf(AuthenticationFailedException.class).hasMessageContaining("[IN-USE]");

            assertThat(inbox.getMessageCount()).isEqualTo(1); // the first session is unharmed
            inbox.close(false);
        } finally {
            first.close();
        }
    }

    /** Plain sockets whose output drops the connection when the client starts to send QUIT. */
    public static final class QuitDroppingSocketFactory extends SocketFactory {
        final List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public Socket createSocket() {
            return new QuitDroppingSocket(sent);
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            Socket socket = createSocket();
            socket.connect(new java.net.InetSocketAddress(host, port));
            return socket;
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
            return createSocket(host, port);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            Socket socket = createSocket();
            socket.connect(new java.net.InetSocketAddress(host, port));
            return socket;
        }

        @Override
        public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
            return createSocket(host, port);
        }
    }

    private static final class QuitDroppingSocket extends Socket {
        private final List<String> sent;

        QuitDroppingSocket(List<String> sent) {
            this.sent = sent;
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            Socket socket = this;
            return new FilterOutputStream(super.getOutputStream()) {
                private final StringBuilder line = new StringBuilder();

                @Override
                public void write(int b) throws IOException {
                    line.append((char) b);
                    if (line.toString().startsWith("QUIT")) {
                        socket.setSoLinger(true, 0); // reset, not an orderly close
                        socket.close();
                        throw new IOException("connection dropped before QUIT");
                    }
                    if (b == '\n') {
                        sent.add(line.toString().strip());
                        line.setLength(0);
                    }
                    out.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    for (int i = 0; i < len; i++) {
                        write(b[off + i]);
                    }
                }
            };
        }
    }
}
