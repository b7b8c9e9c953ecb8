package org.postbox.pop3.server.session;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailStoreProvider;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MessageSource;
import org.postbox.pop3.protocol.Pop3Reply;
import org.postbox.pop3.protocol.SaslResponse;
import org.postbox.pop3.server.TestSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Pop3SessionTest {

    private static final MailboxAddress ALICE = MailboxAddress.parse("alice@example.com");

    @TempDir
    Path temp;

    private MailStore store;
    private Pop3Session session;

    @BeforeEach
    void openStore() {
        store = MailStoreProvider.forType("maildir").open(Map.of("path", temp.toString(), "fsync", false), temp);
        store.directory().addDomain("example.com");
        store.directory().addMailbox(ALICE, "{PLAIN}x");
        for (String body : List.of("a\n", "bb\n", "ccc\n", "dddd\n")) {
            store.deliver(List.of(ALICE), MessageSource.of(body.getBytes(StandardCharsets.US_ASCII)));
        }
        session = new Pop3Session("s1", TestSettings.defaults().build(), new InetSocketAddress("127.0.0.1", 1110), Runnable::run);
    }

    @AfterEach
    void closeStore() {
        session.releaseMaildrop();
        store.close();
    }

    @Test
    void passIsAcceptedOnlyRightAfterUser() {
        session.counts().countCommand();
        session.rememberUser(ALICE);
        session.counts().countCommand();
        assertThat(session.takeUserForPass()).contains(ALICE);
        session.counts().countCommand();
        assertThat(session.takeUserForPass()).as("consumed").isEmpty();

        session.counts().countCommand();
        session.rememberUser(ALICE);
        session.counts().countCommand();
        session.counts().countCommand();
        assertThat(session.takeUserForPass()).as("another command came between").isEmpty();
    }

    @Test
    void deletionsChangeTotalsUntilReset() {
        session.enterTransaction(ALICE, store.open(ALICE));
        assertThat(session.visibleCount()).isEqualTo(4);
        assertThat(session.visibleOctets()).isEqualTo(3 + 4 + 5 + 6);

        session.delete(2);
        session.delete(4);
        assertThat(session.visibleCount()).isEqualTo(2);
        assertThat(session.visibleOctets()).isEqualTo(3 + 5);
        assertThat(session.isDeleted(2)).isTrue();
        assertThat(session.nextUndeleted(1)).isEqualTo(1);
        assertThat(session.nextUndeleted(2)).isEqualTo(3);
        assertThat(session.nextUndeleted(4)).isEqualTo(-1);
        assertThatThrownBy(() -> session.delete(2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> session.delete(5)).isInstanceOf(IllegalArgumentException.class);

        session.undeleteAll();
        assertThat(session.visibleCount()).isEqualTo(4);
        assertThat(session.visibleOctets()).isEqualTo(18);
    }

    @Test
    void commitRemovesExactlyTheMarkedMessagesAndReleaseIsIdempotent() {
        session.enterTransaction(ALICE, store.open(ALICE));
        session.delete(1);
        session.delete(3);
        session.enterUpdate();
        session.commitDeletions();
        assertThat(session.deletedOnCommit()).isEqualTo(2);
        session.releaseMaildrop();
        session.releaseMaildrop();
        assertThat(session.holdsMaildrop()).isFalse();
        try (var again = store.open(ALICE)) {
            assertThat(again.messages()).extracting(m -> m.size()).containsExactly(4L, 6L);
        }
    }

    @Test
    void stateTransitionsAreGuarded() {
        assertThatThrownBy(() -> session.enterUpdate()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> session.maildrop()).isInstanceOf(IllegalStateException.class);
        session.enterTransaction(ALICE, store.open(ALICE));
        assertThat(session.state()).isEqualTo(SessionState.TRANSACTION);
        assertThatThrownBy(() -> session.enterTransaction(ALICE, null)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anAuthExchangeWaitingForTheClientIsASubStateOfAuthorization() {
        List<String> events = new ArrayList<>();
        ExchangeInProgress exchange = new ExchangeInProgress() {
            @Override
            public CompletionStage<Pop3Reply> respond(SaslResponse response) {
                events.add("respond");
                return CompletableFuture.completedFuture(new Pop3Reply.Ok(""));
            }

            @Override
            public void abandon() {
                events.add("abandon");
            }
        };
        assertThatThrownBy(() -> session.takeSaslExchange()).isInstanceOf(IllegalStateException.class);

        session.awaitSaslResponse(exchange);
        assertThat(session.state()).isEqualTo(SessionState.AUTHORIZATION_SASL);
        assertThat(session.login().takeLineModeChange()).as("the decoder reads SASL responses").contains(true);
        assertThat(session.takeSaslExchange()).isSameAs(exchange);
        assertThat(session.state()).isEqualTo(SessionState.AUTHORIZATION);

        session.awaitSaslResponse(exchange);
        session.abandonSaslExchange();
        assertThat(session.state()).isEqualTo(SessionState.AUTHORIZATION);
        assertThat(session.login().takeLineModeChange()).as("the decoder reads commands again").contains(false);
        assertThat(events).containsExactly("abandon");

        session.enterTransaction(ALICE, store.open(ALICE));
        assertThatThrownBy(() -> session.awaitSaslResponse(exchange)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anAcceptedStlsIsASubStateOfAuthorizationUntilALineComesThroughTheHandshake() {
        assertThatThrownBy(() -> session.acceptStartTls()).as("not offered").isInstanceOf(IllegalStateException.class);
        session.offerStartTls();

        session.acceptStartTls();
        assertThat(session.state()).isEqualTo(SessionState.AUTHORIZATION_STLS);
        assertThat(session.underTls()).isTrue();
        assertThat(session.startTlsAvailable()).isFalse();
        session.startTlsCompleted();
        assertThat(session.state()).isEqualTo(SessionState.AUTHORIZATION);
        assertThatThrownBy(() -> session.startTlsCompleted()).isInstanceOf(IllegalStateException.class);
    }
}
