package org.postbox.daemon;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.postbox.config.PostboxConfig;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageInfo;
import org.postbox.mailstore.MessageSource;
import org.postbox.password.PasswordSchemes;

/**
 * A real daemon started in-process on 127.0.0.1 with a Maildir store under a temporary
 * directory, plus a second store instance over the same tree, as the admin CLI would have, to
 * provision accounts, deliver mail and look at what the daemon left behind.
 */
final class RunningDaemon implements AutoCloseable {
    static final String PASSWORD = "correct horse battery staple";

    // One real ARGON2ID hash shared by every test account: hashing is slow on purpose.
    private static String sharedHash;

    private final PostboxDaemon daemon;
    private final MailStore store;

    private RunningDaemon(PostboxDaemon daemon, MailStore store) {
        this.daemon = daemon;
        this.store = store;
    }

    static RunningDaemon start(Path dir) {
        return start(dir, "");
    }

    /** @param extraYaml more top-level YAML sections (auth, limits) */
    static RunningDaemon start(Path dir, String extraYaml) {
        PostboxConfig config = PostboxConfig.parse(yaml(dir, 0) + extraYaml, "test");
        PostboxDaemon daemon = PostboxDaemon.start(config);
        return new RunningDaemon(daemon, config.store().open());
    }

    static String yaml(Path dir, int port) {
        return String.join("\n",
                "listeners:",
                "  - name: pop3",
                "    address: 127.0.0.1",
                "    port: " + port,
                "    default-domain: example.com",
                "store:",
                "  type: maildir",
                "  path: " + dir.resolve("mail"),
                "  fsync: false",
                "auth:",
                "  failure-delay: 250ms",
                "  hash-threads: 2",
                "") + "\n";
    }

    PostboxDaemon daemon() {
        return daemon;
    }

    InetSocketAddress address() {
        return daemon.boundAddress("pop3");
    }

    int port() {
        return address().getPort();
    }

    MailStore store() {
        return store;
    }

    /** Creates {@code address} (and its domain when new) with {@link #PASSWORD}. */
    MailboxAddress addMailbox(String address) {
        MailboxAddress mailbox = MailboxAddress.parse(address);
        if (store.directory().domains().stream().noneMatch(d -> d.name().equals(mailbox.domain()))) {
            store.directory().addDomain(mailbox.domain());
        }
        store.directory().addMailbox(mailbox, hash());
        return mailbox;
    }

    private static synchronized String hash() {
        if (sharedHash == null) {
            sharedHash = PasswordSchemes.hash(PASSWORD);
        }
        return sharedHash;
    }

    /** Delivers and returns the unique id the store gave the message. */
    String deliver(MailboxAddress to, byte[] message) {
        DeliveryOutcome outcome = store.deliver(List.of(to), MessageSource.of(message)).get(0);
        if (!(outcome instanceof DeliveryOutcome.Delivered delivered)) {
            throw new IllegalStateException("delivery to " + to + " failed: " + outcome);
        }
        return delivered.uniqueId();
    }

    /** What the store holds now (opens and releases the maildrop, so no session may hold it). */
    List<MessageInfo> messages(MailboxAddress mailbox) {
        try (Maildrop maildrop = store.open(mailbox)) {
            return maildrop.messages();
        }
    }

    /** The stored bytes of message {@code number}, as the store keeps them. */
    byte[] stored(MailboxAddress mailbox, int number) {
        try (Maildrop maildrop = store.open(mailbox); InputStream in = maildrop.content(number)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            daemon.close();
        } finally {
            store.close();
        }
    }
}
