package org.postbox.pop3.server;

import org.postbox.mailstore.jpa.testing.StoreFixture;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.Expire;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MaildropLockedException;
import org.postbox.mailstore.MessageSource;
import org.postbox.mailstore.jpa.testing.PostgresExtension;
import org.postbox.pop3.server.sasl.SaslMechanisms;
import org.postbox.session.testing.Transcript;
import org.postbox.session.testing.TranscriptRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs every transcript in {@code src/test/resources/transcripts} against a real
 * {@link Pop3Acceptor} on 127.0.0.1 over a real socket, once per store backend of
 * {@link StoreFixtures#all}: Maildir and PostgreSQL. Each transcript gets a fresh store (a new
 * directory, a new database) and server.
 *
 * <h2>Transcript format</h2>
 * The conversation is written as {@link Transcript} describes ({@code C:}, {@code P:}, {@code S:},
 * {@code * closed}, {@code * drop}); text is sent and read as UTF-8. There is no escaping in
 * {@code S:} lines: a literal <code>{{</code> never occurs in POP3 replies we test.
 * <ul>
 * <li>Directives, anywhere (they all apply before the conversation, checks after it):
 *   <ul>
 *   <li>{@code # mailbox alice@example.com secret}: a mailbox in the store, and its password
 *       for the test authenticator (the rest of the line; words joined by single spaces).</li>
 *   <li>{@code # account bob@example.com secret}: a password the authenticator accepts for a
 *       mailbox that is not in the store.</li>
 *   <li>{@code # unavailable carol@example.com}: the authenticator answers "unavailable".</li>
 *   <li>{@code # message alice@example.com simple.eml}: delivers {@code transcripts/messages/simple.eml}
 *       as it is (LF line ends); {@code # message alice@example.com text Subject: x\n\nhi\n}
 *       delivers the rest of the line with {@code \n}, {@code \r} and {@code \\} unescaped.</li>
 *   <li>{@code # lock alice@example.com}: another session holds the maildrop during the conversation.</li>
 *   <li>{@code # setting name value}: {@code default-domain}, {@code plaintext} (allowed|refused),
 *       {@code max-bad-commands}, {@code max-line-length}, {@code implementation},
 *       {@code mechanisms} (the SASL mechanisms offered, space-separated).</li>
 *   <li>{@code # expect-messages alice@example.com 1}: after the conversation, the mailbox holds
 *       this many messages.</li>
 *   <li>{@code # domain-expire example.com 30}, {@code # mailbox-expire bob@example.com 5}: retention
 *       settings (days or {@code never}); {@code # expect-expired alice@example.com 1}: after the
 *       conversation, a retention sweep far in the future removes this many retrieved messages.</li>
 *   </ul></li>
 * </ul>
 * After every transcript the runner also checks that every session has ended and that every
 * mailbox can be opened again: no path may leave a maildrop locked.
 */
class TranscriptTest {

    private static final Duration EVENTUALLY = Duration.ofSeconds(10);

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @TempDir
    Path temp;

    @TestFactory
    Stream<DynamicNode> transcripts() throws IOException, URISyntaxException {
        List<Path> files = TranscriptRunner.transcriptFiles(TranscriptTest.class);
        return StoreFixture.all(POSTGRES).stream().map(fixture -> DynamicContainer.dynamicContainer(fixture.name(),
                files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), file.toUri(),
                        () -> run(fixture, Transcript.parse(file))))));
    }

    private void run(StoreFixture fixture, Transcript transcript) throws Exception {
        Path directory = Files.createDirectories(temp.resolve(fixture.name() + "-" + transcript.name()));
        try (TestServer server = TestServer.start(fixture, directory, settings(transcript), access(transcript))) {
            List<MailboxAddress> mailboxes = new ArrayList<>();
            List<Maildrop> held = new ArrayList<>();
            try {
                setUp(server, transcript, mailboxes, held);
                try (Pop3TestClient client = server.connect()) {
                    TranscriptRunner.converse(transcript, client);
                }
            } finally {
                held.forEach(Maildrop::close);
            }
            await().atMost(EVENTUALLY).untilAsserted(() ->
                    assertThat(server.acceptor().openSessions()).as("sessions still open").isZero());
            for (MailboxAddress mailbox : mailboxes) {
                await().atMost(EVENTUALLY).ignoreException(MaildropLockedException.class)
                        .until(() -> server.messageCount(mailbox.toString()) >= 0);
            }
            for (Transcript.Directive check : transcript.directives()) {
                if (check.keyword().equals("expect-expired")) {
                    Instant farFuture = Instant.now().plus(Duration.ofDays(Expire.MAX_DAYS + 1));
                    assertThat(server.store().sweepRetention(MailboxAddress.parse(check.argument(0)), farFuture, 1000).expired())
                            .as("line %d: retrieved messages of %s", check.lineNumber(), check.argument(0))
                            .isEqualTo(Integer.parseInt(check.argument(1)));
                }
                if (check.keyword().equals("expect-messages")) {
                    assertThat(server.messageCount(check.argument(0)))
                            .as("line %d: messages left in %s", check.lineNumber(), check.argument(0))
                            .isEqualTo(Integer.parseInt(check.argument(1)));
                }
            }
        }
    }

    private static Pop3Settings settings(Transcript transcript) {
        TestSettings settings = TestSettings.defaults();
        for (Transcript.Directive directive : transcript.directives()) {
            if (!directive.keyword().equals("setting")) {
                continue;
            }
            String value = directive.argument(1);
            switch (directive.argument(0)) {
                case "default-domain" -> settings.defaultDomain(value);
                case "plaintext" -> settings.plaintextAllowed(switch (value) {
                    case "allowed" -> true;
                    case "refused" -> false;
                    default -> throw new IllegalArgumentException("line " + directive.lineNumber() + ": plaintext allowed|refused");
                });
                case "max-bad-commands" -> settings.maxBadCommands(Integer.parseInt(value));
                case "max-line-length" -> settings.maxLineLength(Integer.parseInt(value));
                case "implementation" -> settings.implementation(rest(directive, 1));
                case "mechanisms" -> { } // the access policy's, see access()
                default -> throw new IllegalArgumentException("line " + directive.lineNumber() + ": unknown setting " + directive.argument(0));
            }
        }
        return settings.build();
    }

    /** The listener's policy: the defaults, or the SASL mechanisms a {@code # setting mechanisms} line lists. */
    private static AccessPolicy access(Transcript transcript) {
        AccessPolicy access = AccessPolicy.defaults();
        for (Transcript.Directive directive : transcript.directives()) {
            if (directive.keyword().equals("setting") && directive.argument(0).equals("mechanisms")) {
                access = access.withMechanisms(SaslMechanisms.of(List.of(rest(directive, 1).split(" ")), Optional.empty()));
            }
        }
        return access;
    }

    private static void setUp(TestServer server, Transcript transcript, List<MailboxAddress> mailboxes, List<Maildrop> held)
            throws IOException, URISyntaxException {
        for (Transcript.Directive directive : transcript.directives()) {
            switch (directive.keyword()) {
                case "mailbox" -> mailboxes.add(server.addMailbox(directive.argument(0), rest(directive, 1)));
                case "account" -> server.authenticator().password(MailboxAddress.parse(directive.argument(0)), rest(directive, 1));
                case "unavailable" -> server.authenticator().unavailable(MailboxAddress.parse(directive.argument(0)));
                case "message" -> server.deliver(directive.argument(0), message(directive));
                case "lock" -> held.add(server.store().open(MailboxAddress.parse(directive.argument(0))));
                case "domain-expire" -> {
                    Directory directory = server.store().directory();
                    String domain = directive.argument(0);
                    directory.setDomainRetention(domain, directory.domainRetention(domain)
                            .withExpire(Expire.parse(directive.argument(1))));
                }
                case "mailbox-expire" -> server.store().directory().setMailboxExpire(
                        MailboxAddress.parse(directive.argument(0)), Optional.of(Expire.parse(directive.argument(1))));
                case "setting", "expect-messages", "expect-expired" -> {
                    // Applied when the server starts, checked after the conversation.
                }
                default -> throw new IllegalArgumentException("line " + directive.lineNumber() + ": unknown directive # " + directive.keyword());
            }
        }
    }

    /** The arguments from {@code index} on, joined by single spaces (passwords with spaces); at least one. */
    private static String rest(Transcript.Directive directive, int index) {
        directive.argument(index);
        return directive.rest(index);
    }

    private static MessageSource message(Transcript.Directive directive) throws URISyntaxException {
        if (directive.argument(1).equals("text")) {
            String text = rest(directive, 2);
            return MessageSource.of(Transcript.unescape(text).getBytes(StandardCharsets.UTF_8));
        }
        URL file = TranscriptTest.class.getResource("/transcripts/messages/" + directive.argument(1));
        assertThat(file).as("line %d: message file %s", directive.lineNumber(), directive.argument(1)).isNotNull();
        return MessageSource.of(Path.of(file.toURI()));
    }
}
