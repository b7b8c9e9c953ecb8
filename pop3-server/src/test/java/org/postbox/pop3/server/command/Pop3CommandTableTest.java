package org.postbox.pop3.server.command;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.postbox.mailstore.MailStore;
import org.postbox.pop3.protocol.Pop3Command;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.protocol.Pop3Request;
import org.postbox.pop3.protocol.SaslResponse;
import org.postbox.pop3.server.Authenticator;
import org.postbox.pop3.server.Pop3Observer;
import org.postbox.pop3.server.session.Pop3Session;
import org.postbox.pop3.server.session.SessionState;
import org.postbox.session.command.CommandTable;

import static org.assertj.core.api.Assertions.assertThat;

class Pop3CommandTableTest {

    private static final Authenticator NOBODY = (address, password, remote) ->
            CompletableFuture.completedFuture(new Authenticator.AuthResult.Failure());

    private final CommandTable<Pop3Request, SessionState, Pop3Session, Pop3Reply> table =
            Pop3CommandTable.standard(unusedStore(), NOBODY, Pop3Observer.NONE);

    @Test
    void theTableAnswersEveryCommandAndEverySaslResponseTheDecoderCanProduce() {
        Set<Class<?>> expected = new HashSet<>(List.of(Pop3Command.class.getPermittedSubclasses()));
        expected.addAll(List.of(SaslResponse.class.getPermittedSubclasses()));
        assertThat(table.commands()).isEqualTo(expected);
    }

    @Test
    void noCommandIsValidInTheUpdateStateOrWhileStlsIsPendingAndEveryCommandIsValidSomewhere() {
        for (Class<?> type : Pop3Command.class.getPermittedSubclasses()) {
            Set<SessionState> validIn = table.row(sample(type)).orElseThrow().validIn();
            assertThat(validIn).as(type.getSimpleName()).isNotEmpty()
                    .doesNotContain(SessionState.UPDATE, SessionState.AUTHORIZATION_STLS, SessionState.AUTHORIZATION_SASL);
        }
    }

    @Test
    void saslResponsesAreValidOnlyWhileAnExchangeWaitsForOne() {
        for (SaslResponse response : List.of(SaslResponse.parse("*"), SaslResponse.parse("dGVzdA=="), SaslResponse.parse("not base64!"))) {
            assertThat(table.row(response).orElseThrow().validIn()).as(response.toString())
                    .containsExactly(SessionState.AUTHORIZATION_SASL);
        }
    }

    @Test
    void onlyStlsStopsTheDecoderUntilItIsAnswered() {
        for (Class<?> type : Pop3Command.class.getPermittedSubclasses()) {
            assertThat(table.decidesReading(sample(type))).as(type.getSimpleName()).isEqualTo(type == Pop3Command.Stls.class);
        }
    }

    private static Pop3Command sample(Class<?> type) {
        // One value per record type, written out: the table is keyed by class, not by content.
        Pop3Command[] samples = {
                new Pop3Command.User("a@b.c"), new Pop3Command.Pass("p"), new Pop3Command.Apop("a@b.c", "d"),
                new Pop3Command.Quit(), new Pop3Command.Stat(), new Pop3Command.List(java.util.OptionalInt.empty()),
                new Pop3Command.Retr(1), new Pop3Command.Dele(1), new Pop3Command.Noop(), new Pop3Command.Rset(),
                new Pop3Command.Top(1, 0), new Pop3Command.Uidl(java.util.OptionalInt.empty()), new Pop3Command.Capa(),
                new Pop3Command.Auth("PLAIN", java.util.Optional.empty()), new Pop3Command.Utf8(),
                new Pop3Command.Lang(java.util.Optional.empty()), new Pop3Command.Stls()};
        return Arrays.stream(samples).filter(type::isInstance).findFirst().orElseThrow();
    }

    private static MailStore unusedStore() {
        return new MailStore() {
            @Override
            public org.postbox.mailstore.Directory directory() {
                throw new UnsupportedOperationException();
            }

            @Override
            public org.postbox.mailstore.AdminTokens adminTokens() {
                throw new UnsupportedOperationException();
            }

            @Override
            public org.postbox.mailstore.MailboxHistory history() {
                throw new UnsupportedOperationException();
            }

            @Override
            public org.postbox.mailstore.Maildrop open(org.postbox.mailstore.MailboxAddress address) {
                throw new UnsupportedOperationException();
            }

            @Override
            public org.postbox.mailstore.MessageImporter importer() {
                throw new UnsupportedOperationException();
            }

            @Override
            public java.util.List<org.postbox.mailstore.DeliveryOutcome> deliver(
                    java.util.List<org.postbox.mailstore.MailboxAddress> recipients, org.postbox.mailstore.MessageSource message) {
                throw new UnsupportedOperationException();
            }

            @Override
            public java.util.List<org.postbox.mailstore.DeliveryOutcome> deliver(
                    java.util.List<org.postbox.mailstore.MailboxAddress> recipients, org.postbox.mailstore.MessageSource message,
                    org.postbox.mailstore.DeliveryKey key) {
                throw new UnsupportedOperationException();
            }

            @Override
            public java.util.List<org.postbox.mailstore.DeliveryOutcome> deliver(
                    java.util.List<org.postbox.mailstore.MailboxAddress> recipients, org.postbox.mailstore.MessageSource message,
                    java.util.Optional<org.postbox.mailstore.DeliveryKey> key,
                    java.util.function.Consumer<org.postbox.mailstore.UsageChange> counted) {
                throw new UnsupportedOperationException();
            }

            @Override
            public org.postbox.mailstore.DeliveryOutcome deliverNotice(org.postbox.mailstore.MailboxAddress mailbox,
                    org.postbox.mailstore.MessageSource message) {
                throw new UnsupportedOperationException();
            }

            @Override
            public org.postbox.mailstore.SweepOutcome sweepRetention(org.postbox.mailstore.MailboxAddress address,
                    java.time.Instant now, int limit) {
                throw new UnsupportedOperationException();
            }

            @Override
            public int undelete(org.postbox.mailstore.MailboxAddress address, java.util.Optional<java.time.Instant> since) {
                throw new UnsupportedOperationException();
            }

            @Override
            public java.util.List<org.postbox.mailstore.StoreMeter> meters() {
                return java.util.List.of();
            }

            @Override
            public void close() {
            }
        };
    }
}
