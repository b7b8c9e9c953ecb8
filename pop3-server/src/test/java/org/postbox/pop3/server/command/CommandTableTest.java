package org.postbox.pop3.server.command;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.postbox.mailstore.MailStore;
import org.postbox.pop3.protocol.Pop3Command;
import org.postbox.pop3.server.Authenticator;
import org.postbox.pop3.server.session.SessionState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandTableTest {

    private static final Authenticator NOBODY = (address, password, remote) ->
            CompletableFuture.completedFuture(new Authenticator.AuthResult.Failure());

    @Test
    void theStandardTableAnswersEveryCommandTheDecoderCanProduce() {
        CommandTable table = CommandTable.standard(unusedStore(), NOBODY);
        Set<Class<?>> answered = new HashSet<>(table.commands());
        assertThat(answered).isEqualTo(Set.of(Pop3Command.class.getPermittedSubclasses()));
    }

    @Test
    void noCommandIsValidInTheUpdateStateAndEveryCommandIsValidSomewhere() {
        CommandTable table = CommandTable.standard(unusedStore(), NOBODY);
        for (Class<? extends Pop3Command> type : table.commands()) {
            CommandTable.Entry<?> entry = table.entryFor(sample(type)).orElseThrow();
            assertThat(entry.validIn()).as(type.getSimpleName()).isNotEmpty().doesNotContain(SessionState.UPDATE);
        }
    }

    @Test
    void aCommandCanBeRegisteredOnlyOnce() {
        CommandTable.Builder builder = CommandTable.builder().add(Pop3Command.Noop.class, new NoopCommand());
        assertThatThrownBy(() -> builder.add(Pop3Command.Noop.class, new NoopCommand()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Noop");
    }

    private static Pop3Command sample(Class<? extends Pop3Command> type) {
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
            public java.util.List<org.postbox.mailstore.StoreMeter> meters() {
                return java.util.List.of();
            }

            @Override
            public void close() {
            }
        };
    }
}
