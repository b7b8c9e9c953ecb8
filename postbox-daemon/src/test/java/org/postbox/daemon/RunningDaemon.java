package org.postbox.daemon;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.postbox.config.PostboxConfig;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageInfo;
import org.postbox.mailstore.MessageSource;
import org.postbox.mailstore.jpa.testing.MaildirStoreFixture;
import org.postbox.mailstore.jpa.testing.PostgresDatabase;
import org.postbox.mailstore.jpa.testing.StoreFixture;
import org.postbox.password.PasswordSchemes;

/**
 * A real daemon started in-process on 127.0.0.1 with the store its configuration names (a Maildir
 * tree under a temporary directory, or a PostgreSQL database), plus a second store instance over
 * the same data, as the admin CLI would have, to provision accounts, deliver mail and look at
 * what the daemon left behind.
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
        return startWithStore(maildirStore(dir), extraYaml);
    }

    /**
     * @param storeSection the {@code store:} section, e.g. from {@link #maildirStore} or {@link #jpaStore}
     * @param extraYaml    more top-level YAML sections (auth, limits)
     */
    static RunningDaemon startWithStore(String storeSection, String extraYaml) {
        PostboxConfig config = PostboxConfig.parse(yaml(0, storeSection) + extraYaml, "test");
        PostboxDaemon daemon = PostboxDaemon.start(config);
        try {
            return new RunningDaemon(daemon, config.store().open());
        } catch (RuntimeException e) {
            daemon.close();
            throw e;
        }
    }

    static String yaml(Path dir, int port) {
        return yaml(port, maildirStore(dir));
    }

    static String yaml(int port, String storeSection) {
        return String.join("\n",
                "listeners:",
                "  - name: pop3",
                "    address: 127.0.0.1",
                "    port: " + port,
                "    default-domain: example.com",
                storeSection.stripTrailing(),
                "auth:",
                "  failure-delay: 250ms",
                "  hash-threads: 2",
                // A free port: tests (and builds) run side by side.
                "metrics:",
                "  port: 0",
                "") + "\n";
    }

    /** A Maildir tree under {@code dir}. */
    static String maildirStore(Path dir) {
        return storeSection(new MaildirStoreFixture(), dir);
    }

    /** The {@code store:} section of a new, empty store of {@code fixture}'s backend; its files under {@code dir}. */
    static String storeSection(StoreFixture fixture, Path dir) {
        return storeSection(fixture.name(), fixture.storeSettings(dir.resolve("mail")));
    }

    /** The PostgreSQL {@code database}, with more jpa settings such as {@code lease}. */
    static String jpaStore(PostgresDatabase database, Map<String, Object> extra) {
        return storeSection("jpa", database.storeSettings(extra));
    }

    private static String storeSection(String type, Map<String, Object> settings) {
        StringBuilder yaml = new StringBuilder("store:\n  type: ").append(type).append('\n');
        settings.forEach((key, value) -> yaml.append("  ").append(key).append(": ")
                .append(value instanceof String text ? quoted(text) : value).append('\n'));
        return yaml.toString();
    }

    /** A YAML double-quoted scalar: URLs and passwords may hold characters YAML would interpret. */
    private static String quoted(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
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
