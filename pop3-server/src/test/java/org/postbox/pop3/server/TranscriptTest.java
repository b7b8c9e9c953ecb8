package org.postbox.pop3.server;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MaildropLockedException;
import org.postbox.mailstore.MessageSource;
import org.postbox.mailstore.jpa.testing.PostgresExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs every transcript in {@code src/test/resources/transcripts} against a real
 * {@link Pop3Acceptor} on 127.0.0.1 over a real socket, once per store backend of
 * {@link StoreFixtures#all}: Maildir and PostgreSQL. Each transcript gets a fresh store (a new
 * directory, a new database) and server.
 *
 * <h2>Transcript format</h2>
 * One item per line, read top to bottom:
 * <ul>
 * <li>{@code ## text}: a comment; blank lines are ignored.</li>
 * <li>{@code C: line}: the client sends {@code line} and CRLF. {@code {{x*300}}} in it stands for
 *     300 times {@code x} (for over-long lines).</li>
 * <li>{@code P: line}: pipelining: consecutive {@code P:} lines are sent together in ONE write.</li>
 * <li>{@code S: line}: the server's next line, which must end in CRLF and match in full. The text
 *     is literal, except {@code {{...}}} parts, which are Java regular expressions (e.g.
 *     {@code S: +OK 1 {{\S+}}} for a unique id). {@code S:} alone is an empty line. There is no
 *     other escaping: a literal {@code {{} never occurs in POP3 replies we test.</li>
 * <li>{@code * closed}: the server closes the connection now. {@code * drop}: the client hangs
 *     up. Without either, the client hangs up after the last line.</li>
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
 *       {@code max-bad-commands}, {@code max-line-length}, {@code implementation}.</li>
 *   <li>{@code # expect-messages alice@example.com 1}: after the conversation, the mailbox holds
 *       this many messages.</li>
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
        List<Path> files = transcriptFiles();
        assertThat(files).as("transcript files").isNotEmpty();
        return StoreFixtures.all(POSTGRES).stream().map(fixture -> DynamicContainer.dynamicContainer(fixture.name(),
                files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), file.toUri(),
                        () -> run(fixture, Transcript.parse(file))))));
    }

    static List<Path> transcriptFiles() throws IOException, URISyntaxException {
        URL root = TranscriptTest.class.getResource("/transcripts");
        assertThat(root).as("transcripts on the test class path").isNotNull();
        try (Stream<Path> entries = Files.list(Path.of(root.toURI()))) {
            return entries.filter(path -> path.toString().endsWith(".txt")).sorted().toList();
        }
    }

    private void run(StoreFixture fixture, Transcript transcript) throws Exception {
        Path directory = Files.createDirectories(temp.resolve(fixture.name() + "-" + transcript.name()));
        try (TestServer server = TestServer.start(fixture, directory, settings(transcript))) {
            List<MailboxAddress> mailboxes = new ArrayList<>();
            List<Maildrop> held = new ArrayList<>();
            try {
                setUp(server, transcript, mailboxes, held);
                converse(server, transcript);
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
                default -> throw new IllegalArgumentException("line " + directive.lineNumber() + ": unknown setting " + directive.argument(0));
            }
        }
        return settings.build();
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
                case "setting", "expect-messages" -> {
                    // Applied when the server starts, checked after the conversation.
                }
                default -> throw new IllegalArgumentException("line " + directive.lineNumber() + ": unknown directive # " + directive.keyword());
            }
        }
    }

    /** The arguments from {@code index} on, joined by single spaces (passwords with spaces). */
    private static String rest(Transcript.Directive directive, int index) {
        directive.argument(index);
        return String.join(" ", directive.arguments().subList(index, directive.arguments().size()));
    }

    private static MessageSource message(Transcript.Directive directive) throws URISyntaxException {
        if (directive.argument(1).equals("text")) {
            String text = rest(directive, 2);
            return MessageSource.of(unescape(text).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        URL file = TranscriptTest.class.getResource("/transcripts/messages/" + directive.argument(1));
        assertThat(file).as("line %d: message file %s", directive.lineNumber(), directive.argument(1)).isNotNull();
        return MessageSource.of(Path.of(file.toURI()));
    }

    private static String unescape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                out.append(switch (next) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> next;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void converse(TestServer server, Transcript transcript) throws IOException {
        try (Pop3TestClient client = server.connect()) {
            for (Transcript.Step step : transcript.steps()) {
                if (step instanceof Transcript.Send send) {
                    client.sendRaw(String.join("\r\n", send.lines()) + "\r\n");
                } else if (step instanceof Transcript.Expect expect) {
                    String line = client.readLine();
                    assertThat(line).as("%s line %d: expected '%s' but the connection was closed",
                            transcript.name(), expect.lineNumber(), expect.source()).isNotNull();
                    assertThat(expect.pattern().matcher(line).matches())
                            .as("%s line %d: expected '%s' but the server sent '%s'",
                                    transcript.name(), expect.lineNumber(), expect.source(), line)
                            .isTrue();
                } else if (step instanceof Transcript.ExpectClosed closed) {
                    String line = client.readLine();
                    assertThat(line).as("%s line %d: expected the server to close the connection but it sent '%s'",
                            transcript.name(), closed.lineNumber(), line).isNull();
                } else if (step instanceof Transcript.Drop) {
                    client.socket().close();
                    return;
                }
            }
        }
    }
}
