package org.postbox.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.config.PostboxConfig;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.password.PasswordSchemes;

/**
 * CRAM-MD5 and APOP, switched on, over a real daemon: each works only for an account whose stored
 * credential can check it, and an account stored as ARGON2ID or SCRAM-SHA-256 is refused even
 * with the right password: the server cannot compute what the client proves from such a hash.
 */
class ChallengeResponseCredentialsTest {

    private static final String PASSWORD = "tanstaaf and more";
    private static final Pattern APOP_STAMP = Pattern.compile("\\+OK Postbox ready\\. (<[^>]+>)");

    @TempDir
    static Path dir;

    private static PostboxDaemon daemon;
    private static MailStore store;

    @BeforeAll
    static void start() {
        PostboxConfig config = PostboxConfig.parse(String.join("\n",
                "listeners:",
                "  - name: pop3",
                "    address: 127.0.0.1",
                "    port: 0",
                "store:",
                "  type: maildir",
                "  path: " + dir.resolve("mail"),
                "  fsync: false",
                "auth:",
                "  hash-threads: 2",
                "  failure-delay: 0s",
                "  mechanisms: [PLAIN, LOGIN, SCRAM-SHA-256, CRAM-MD5]",
                "  apop: true",
                // Failures are the point here: no penalties, so that they do not slow the test down.
                "  penalty-initial: 0s",
                "  penalty-max: 0s",
                "metrics:",
                "  port: 0",
                ""), "test");
        store = config.store().open();
        store.directory().addDomain("example.com");
        store.directory().addMailbox(MailboxAddress.parse("argon@example.com"), PasswordSchemes.hash(PASSWORD));
        for (String scheme : new String[] {"CRAM-MD5", "SCRAM-SHA-256"}) {
            MailboxAddress mailbox = MailboxAddress.parse(scheme.toLowerCase(java.util.Locale.ROOT) + "@example.com");
            store.directory().addMailbox(mailbox, PasswordSchemes.hash(PASSWORD, scheme));
        }
        daemon = PostboxDaemon.start(config);
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void cramMd5LogsInOnlyWhereTheStoredCredentialIsCramMd5() throws Exception {
        assertThat(cramMd5("cram-md5@example.com", PASSWORD)).startsWith("+OK cram-md5@example.com");
        assertThat(cramMd5("cram-md5@example.com", "wrong")).isEqualTo("-ERR [AUTH] authentication failed");
        assertThat(cramMd5("argon@example.com", PASSWORD)).isEqualTo("-ERR [AUTH] authentication failed");
        assertThat(cramMd5("scram-sha-256@example.com", PASSWORD)).isEqualTo("-ERR [AUTH] authentication failed");
    }

    @Test
    void apopNeedsAStoredPlaintextAndNoHashWillDo() throws Exception {
        for (String user : new String[] {"argon@example.com", "cram-md5@example.com", "scram-sha-256@example.com"}) {
            assertThat(apop(user, PASSWORD)).as(user).isEqualTo("-ERR [AUTH] authentication failed");
        }
    }

    @Test
    void theRefusedAccountsStillLogInWithTheirPassword() throws Exception {
        for (String user : new String[] {"argon@example.com", "scram-sha-256@example.com"}) {
            try (RawPop3Client client = new RawPop3Client(daemon.boundAddress("pop3"))) {
                assertThat(client.login(user, PASSWORD)).as(user).startsWith("+OK " + user);
            }
        }
    }

    private static String cramMd5(String user, String password) throws Exception {
        try (RawPop3Client client = new RawPop3Client(daemon.boundAddress("pop3"))) {
            String challenge = client.command("AUTH CRAM-MD5");
            assertThat(challenge).startsWith("+ ");
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacMD5"));
            String digest = HexFormat.of().formatHex(mac.doFinal(Base64.getDecoder().decode(challenge.substring(2))));
            return client.command(Base64.getEncoder().encodeToString((user + " " + digest).getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static String apop(String user, String password) throws Exception {
        try (RawPop3Client client = new RawPop3Client(daemon.boundAddress("pop3"))) {
            Matcher stamp = APOP_STAMP.matcher(client.greeting());
            assertThat(stamp.matches()).as("greeting with a timestamp: %s", client.greeting()).isTrue();
            byte[] digest = MessageDigest.getInstance("MD5").digest((stamp.group(1) + password).getBytes(StandardCharsets.UTF_8));
            return client.command("APOP " + user + " " + HexFormat.of().formatHex(digest));
        }
    }
}
