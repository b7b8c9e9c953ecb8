package org.postbox.lmtp.session;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.lmtp.LmtpSettings;
import org.postbox.lmtp.codec.InvalidCommand;
import org.postbox.lmtp.codec.LmtpCommand;
import org.postbox.lmtp.codec.LmtpReply;
import org.postbox.lmtp.codec.MessageData;
import org.postbox.lmtp.codec.MessageEnd;
import org.postbox.mailstore.AdminTokens;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageImporter;
import org.postbox.mailstore.MessageSource;
import org.postbox.mailstore.StoreMeter;
import org.postbox.session.command.CommandTable;
import org.postbox.session.EndReason;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine without sockets: the policy seam, the command table, and defects. */
class SessionEngineTest {

    @TempDir
    Path temp;

    private final List<LmtpReply> replies = new ArrayList<>();
    private final ReplySink sink = new ReplySink() {
        @Override
        public void send(LmtpReply reply) {
            replies.add(reply);
        }

        @Override
        public boolean connected() {
            return true;
        }
    };

    @Test
    void everyCommandHasAHandlerAndNoneIsValidWhileTheMessageComes() {
        CommandTable<LmtpCommand, Phase, LmtpSession, LmtpReply> table = LmtpCommandTable.standard(settings(),
                (recipient, size) -> new RecipientVerdict.NoSuchMailbox(), new OutcomeReplies(false));
        List<LmtpCommand> samples = List.of(new LmtpCommand.Lhlo("x.example"),
                new LmtpCommand.Mail("", OptionalLong.empty(), Optional.empty()), new LmtpCommand.Rcpt("a@example.com"),
                new LmtpCommand.Data(), new LmtpCommand.Rset(), new LmtpCommand.Noop(), new LmtpCommand.Quit(),
                new LmtpCommand.Vrfy("a"));
        assertThat(samples.stream().map(Object::getClass).toList())
                .as("one sample of every kind of command")
                .containsExactlyInAnyOrder(LmtpCommand.class.getPermittedSubclasses());
        assertThat(table.commands()).hasSameSizeAs(samples);
        for (LmtpCommand command : samples) {
            assertThat(table.row(command)).as(command.keyword()).isPresent();
            assertThat(table.row(command).orElseThrow().validIn()).doesNotContain(Phase.RECEIVING);
            assertThat(table.decidesReading(command)).as(command.keyword()).isEqualTo(command instanceof LmtpCommand.Data);
        }
        assertThat(table.row(new LmtpCommand.Noop()).orElseThrow().validIn())
                .isEqualTo(EnumSet.complementOf(EnumSet.of(Phase.RECEIVING)));
    }

    @Test
    void anyRecipientPolicyPlugsIn() {
        List<String> asked = new ArrayList<>();
        RecipientPolicy policy = (recipient, size) -> {
            asked.add(recipient + " SIZE=" + size.orElse(-1));
            return recipient.startsWith("ok") ? new RecipientVerdict.Accepted(MailboxAddress.parse(recipient))
                    : new RecipientVerdict.Unavailable("not now");
        };
        RecordingStore store = new RecordingStore();
        SessionEngine engine = new SessionEngine(settings(), store, policy);
        LmtpSession session = session();
        engine.handle(new LmtpCommand.Lhlo("mx.example.net"), session, sink);
        engine.handle(new LmtpCommand.Mail("", OptionalLong.of(1234), Optional.empty()), session, sink);
        engine.handle(new LmtpCommand.Rcpt("ok@example.com"), session, sink);
        engine.handle(new LmtpCommand.Rcpt("later@example.com"), session, sink);
        engine.handle(new LmtpCommand.Data(), session, sink);
        assertThat(session.receivingMessage()).isTrue();
        engine.handle(new MessageData("hi\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)), session, sink);
        engine.handle(new MessageEnd(4), session, sink);

        assertThat(asked).containsExactly("ok@example.com SIZE=1234", "later@example.com SIZE=1234");
        assertThat(replies).extracting(LmtpReply::code).containsExactly(250, 250, 250, 451, 354, 250);
        assertThat(store.recipients).containsExactly(MailboxAddress.parse("ok@example.com"));
        assertThat(session.state()).isEqualTo(Phase.READY);
    }

    @Test
    void onlySyntaxAndSequenceErrorsCountTowardsTheLimitNotARefusedRecipient() {
        SessionEngine engine = new SessionEngine(settings(), new RecordingStore(), (recipient, size) -> new RecipientVerdict.NoSuchMailbox());
        LmtpSession session = session();
        engine.handle(new LmtpCommand.Lhlo("mx.example.net"), session, sink);
        engine.handle(new LmtpCommand.Mail("", OptionalLong.empty(), Optional.empty()), session, sink);
        for (int i = 0; i < LmtpSettings.DEFAULT_MAX_BAD_COMMANDS + 1; i++) {
            engine.handle(new LmtpCommand.Rcpt("nobody@example.com"), session, sink);
        }
        assertThat(replies).extracting(LmtpReply::code).containsOnly(250, 550);
        replies.clear();

        for (int i = 0; i < LmtpSettings.DEFAULT_MAX_BAD_COMMANDS; i++) {
            engine.handle(i % 2 == 0 ? new LmtpCommand.Data()
                    : new InvalidCommand("FOO", LmtpReply.of(500, "5.5.2", "command not recognized")), session, sink);
        }
        assertThat(replies).extracting(LmtpReply::code).containsOnly(503, 500);
        assertThat(session.closeRequest()).isEmpty();

        engine.handle(new LmtpCommand.Data(), session, sink);
        assertThat(replies.get(replies.size() - 1).wireLines()).containsExactly("421 4.7.0 lmtp.test too many errors, closing connection");
        assertThat(session.closeRequest()).contains(EndReason.BAD_COMMANDS);
        assertThat(session.summary()).contains("bad_commands=" + (LmtpSettings.DEFAULT_MAX_BAD_COMMANDS + 1));
    }

    @Test
    void aDefectIsAnswered421AndClosesTheSession() {
        SessionEngine engine = new SessionEngine(settings(), new RecordingStore(), (recipient, size) -> {
            throw new IllegalStateException("a bug");
        });
        LmtpSession session = session();
        engine.handle(new LmtpCommand.Lhlo("mx.example.net"), session, sink);
        engine.handle(new LmtpCommand.Mail("", OptionalLong.empty(), Optional.empty()), session, sink);
        engine.handle(new LmtpCommand.Rcpt("a@example.com"), session, sink);
        assertThat(replies.get(replies.size() - 1).wireLines()).containsExactly("421 4.3.0 lmtp.test internal error, closing connection");
        assertThat(session.closeRequest()).contains(EndReason.ERROR);
    }

    @Test
    void messageDataOutsideAMessageIsADefect() {
        SessionEngine engine = new SessionEngine(settings(), new RecordingStore(), (recipient, size) -> new RecipientVerdict.NoSuchMailbox());
        LmtpSession session = session();
        engine.handle(new MessageData(new byte[] {1}), session, sink);
        assertThat(replies).extracting(LmtpReply::code).containsExactly(421);
        assertThat(session.closeRequest()).contains(EndReason.ERROR);
    }

    private LmtpSettings settings() {
        return LmtpSettings.defaults("lmtp.test", temp.resolve("spool"));
    }

    private LmtpSession session() {
        return new LmtpSession("0000abcd", new InetSocketAddress("127.0.0.1", 40000), settings());
    }

    /** Records deliveries; everything else is out of this test's reach. */
    private static final class RecordingStore implements MailStore {
        final List<MailboxAddress> recipients = new ArrayList<>();

        @Override
        public Directory directory() {
            throw new UnsupportedOperationException("the policy under test answers instead");
        }

        @Override
        public AdminTokens adminTokens() {
            throw new UnsupportedOperationException("not used by LMTP");
        }

        @Override
        public org.postbox.mailstore.MailboxHistory history() {
            throw new UnsupportedOperationException("not used by LMTP");
        }

        @Override
        public Maildrop open(MailboxAddress address) {
            throw new UnsupportedOperationException("not used by LMTP");
        }

        @Override
        public MessageImporter importer() {
            throw new UnsupportedOperationException("not used by LMTP");
        }

        @Override
        public List<DeliveryOutcome> deliver(List<MailboxAddress> recipients, MessageSource message) {
            this.recipients.addAll(recipients);
            return recipients.stream().<DeliveryOutcome>map(r -> new DeliveryOutcome.Delivered("id")).toList();
        }

        @Override
        public List<DeliveryOutcome> deliver(List<MailboxAddress> recipients, MessageSource message,
                                             org.postbox.mailstore.DeliveryKey key) {
            return deliver(recipients, message);
        }

        @Override
        public List<DeliveryOutcome> deliver(List<MailboxAddress> recipients, MessageSource message,
                                             java.util.Optional<org.postbox.mailstore.DeliveryKey> key,
                                             java.util.function.Consumer<org.postbox.mailstore.UsageChange> counted) {
            return deliver(recipients, message);
        }

        @Override
        public DeliveryOutcome deliverNotice(MailboxAddress mailbox, MessageSource message) {
            return new DeliveryOutcome.Delivered("notice");
        }

        @Override
        public org.postbox.mailstore.SweepOutcome sweepRetention(MailboxAddress address, java.time.Instant now, int limit) {
            return org.postbox.mailstore.SweepOutcome.NONE;
        }

        @Override
        public int undelete(MailboxAddress address, java.util.Optional<java.time.Instant> since) {
            return 0;
        }

        @Override
        public List<StoreMeter> meters() {
            return List.of();
        }

        @Override
        public void close() {
        }
    }
}
