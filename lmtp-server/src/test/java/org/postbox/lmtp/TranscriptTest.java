package org.postbox.lmtp;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.DomainQuota;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.MessageSource;
import org.postbox.mailstore.jpa.testing.PostgresExtension;
import org.postbox.mailstore.jpa.testing.StoreFixture;
import org.postbox.session.testing.Transcript;
import org.postbox.session.testing.TranscriptRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs every transcript in {@code src/test/resources/transcripts} against a real
 * {@link LmtpAcceptor} on 127.0.0.1 over a real socket, once on each store backend (Maildir and
 * PostgreSQL). Each run gets a fresh store and server.
 *
 * <h2>Transcript format</h2>
 * The conversation is written as {@link Transcript} describes ({@code C:}, {@code P:}, {@code R:},
 * {@code S:}, {@code * closed}, {@code * drop}); text is sent as ISO-8859-1, one octet per char.
 * <ul>
 * <li>Directives, anywhere (set-up ones apply before the conversation, checks after it):
 *   <ul>
 *   <li>{@code # mailbox alice@example.com}: a mailbox in the store.</li>
 *   <li>{@code # unavailable carol@example.com}: looking the address up fails as if the store
 *       could not be reached.</li>
 *   <li>{@code # outcome dave@example.com over-quota|temporary-failure|no-such-mailbox}: the
 *       store answers a delivery to this mailbox so.</li>
 *   <li>{@code # setting name value}: {@code max-line-length}, {@code max-message-size},
 *       {@code max-recipients}, {@code max-bad-commands}, {@code over-quota}
 *       (temporary|permanent), {@code idle-timeout} (seconds).</li>
 *   <li>{@code # expect-messages alice@example.com 1}: after the conversation, the mailbox holds
 *       this many messages.</li>
 *   <li>{@code # expect-body alice@example.com 1 text\r\n}: message 1 of the mailbox, without
 *       the trace headers Postbox prepends, is exactly the rest of the line, unescaped as in
 *       {@code R:}.</li>
 *   </ul></li>
 * </ul>
 * After every transcript the runner also checks that every session has ended and that the spool
 * directory is empty.
 */
class TranscriptTest {

    private static final Duration EVENTUALLY = Duration.ofSeconds(10);

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @TempDir
    Path temp;

    @TestFactory
    Stream<DynamicContainer> transcripts() throws IOException, URISyntaxException {
        List<Path> files = TranscriptRunner.transcriptFiles(TranscriptTest.class);
        return StoreFixture.all(POSTGRES).stream().map(fixture -> DynamicContainer.dynamicContainer(fixture.name(),
                files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), file.toUri(),
                        () -> run(fixture, Transcript.parse(file))))));
    }

    private void run(StoreFixture fixture, Transcript transcript) throws Exception {
        Path directory = Files.createDirectories(temp.resolve(fixture.name()).resolve(transcript.name()));
        try (TestServer server = TestServer.start(fixture, directory, settings(transcript, directory))) {
            setUp(server, transcript);
            try (LmtpTestClient client = server.connect()) {
                TranscriptRunner.converse(transcript, client);
            }
            await().atMost(EVENTUALLY).untilAsserted(() ->
                    assertThat(server.acceptor().openSessions()).as("sessions still open").isZero());
            assertThat(server.spoolFiles()).as("files left in the spool directory").isZero();
            for (Transcript.Directive check : transcript.directives()) {
                switch (check.keyword()) {
                    case "expect-messages" -> assertThat(server.messageCount(check.argument(0)))
                            .as("line %d: messages in %s", check.lineNumber(), check.argument(0))
                            .isEqualTo(Integer.parseInt(check.argument(1)));
                    case "expect-body" -> {
                        List<byte[]> messages = server.messages(check.argument(0));
                        int number = Integer.parseInt(check.argument(1));
                        assertThat(messages).as("line %d: messages in %s", check.lineNumber(), check.argument(0))
                                .hasSizeGreaterThanOrEqualTo(number);
                        String body = StoredMessages.withoutTraceHeaders(messages.get(number - 1));
                        assertThat(body).as("line %d: message %d of %s", check.lineNumber(), number, check.argument(0))
                                .isEqualTo(Transcript.unescape(check.rest(2)));
                    }
                    default -> {
                        // set-up directives
                    }
                }
            }
        }
    }

    private static LmtpSettings settings(Transcript transcript, Path directory) {
        LmtpSettings defaults = TestServer.settings(directory);
        String hostname = defaults.hostname();
        int maxLineLength = defaults.maxLineLength();
        long maxMessageSize = defaults.maxMessageSize();
        int maxRecipients = defaults.maxRecipients();
        int maxBadCommands = defaults.maxBadCommands();
        Duration idleTimeout = defaults.idleTimeout();
        boolean overQuotaTemporary = defaults.overQuotaTemporary();
        for (Transcript.Directive directive : transcript.directives()) {
            if (!directive.keyword().equals("setting")) {
                continue;
            }
            String value = directive.argument(1);
            switch (directive.argument(0)) {
                case "max-line-length" -> maxLineLength = Integer.parseInt(value);
                case "max-message-size" -> maxMessageSize = Long.parseLong(value);
                case "max-recipients" -> maxRecipients = Integer.parseInt(value);
                case "max-bad-commands" -> maxBadCommands = Integer.parseInt(value);
                case "idle-timeout" -> idleTimeout = Duration.ofSeconds(Long.parseLong(value));
                case "over-quota" -> overQuotaTemporary = switch (value) {
                    case "temporary" -> true;
                    case "permanent" -> false;
                    default -> throw new IllegalArgumentException("line " + directive.lineNumber() + ": over-quota temporary|permanent");
                };
                default -> throw new IllegalArgumentException("line " + directive.lineNumber() + ": unknown setting " + directive.argument(0));
            }
        }
        return new LmtpSettings(hostname, maxLineLength, maxMessageSize, maxRecipients, maxBadCommands, idleTimeout,
                defaults.maxConnections(), overQuotaTemporary, defaults.spoolDirectory());
    }

    private static void setUp(TestServer server, Transcript transcript) {
        for (Transcript.Directive directive : transcript.directives()) {
            switch (directive.keyword()) {
                case "mailbox" -> server.addMailbox(directive.argument(0));
                case "unavailable" -> server.store().unavailable(MailboxAddress.parse(directive.argument(0)));
                case "outcome" -> server.store().outcome(MailboxAddress.parse(directive.argument(0)),
                        switch (directive.argument(1)) {
                            case "over-quota" -> new DeliveryOutcome.OverQuota("scripted");
                            case "temporary-failure" -> new DeliveryOutcome.TemporaryFailure("scripted");
                            case "no-such-mailbox" -> new DeliveryOutcome.NoSuchMailbox();
                            default -> throw new IllegalArgumentException("line " + directive.lineNumber()
                                    + ": outcome over-quota|temporary-failure|no-such-mailbox");
                        });
                case "suspended" -> server.store().real().directory()
                        .setMailboxSuspended(MailboxAddress.parse(directive.argument(0)), true);
                case "suspended-domain" -> server.store().real().directory().setDomainSuspended(directive.argument(0), true);
                case "quota" -> server.store().real().directory().setMailboxQuota(MailboxAddress.parse(directive.argument(0)),
                        new MailboxQuota(Long.parseLong(directive.argument(1)), Long.parseLong(directive.argument(2))));
                case "domain-quota" -> server.store().real().directory().setDomainQuota(directive.argument(0),
                        new DomainQuota(Long.parseLong(directive.argument(1)), 0));
                case "deliver" -> assertThat(server.store().real().deliver(List.of(MailboxAddress.parse(directive.argument(0))),
                        MessageSource.of(Transcript.unescape(directive.rest(1)).getBytes(StandardCharsets.ISO_8859_1))))
                        .as("line %d: set-up delivery", directive.lineNumber())
                        .singleElement().isInstanceOf(DeliveryOutcome.Delivered.class);
                case "setting", "expect-messages", "expect-body" -> {
                    // Applied when the server starts, checked after the conversation.
                }
                default -> throw new IllegalArgumentException("line " + directive.lineNumber() + ": unknown directive # " + directive.keyword());
            }
        }
    }
}
