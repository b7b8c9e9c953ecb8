package org.postbox.pop3.server.command;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailStoreProvider;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MessageSource;
import org.postbox.pop3.server.TestSettings;
import org.postbox.pop3.server.session.Pop3Session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UndeletedMessageLinesTest {

    @TempDir
    Path temp;

    @Test
    void linesSkipDeletedMessagesInOrderAndOutOfOrder() {
        MailboxAddress alice = MailboxAddress.parse("alice@example.com");
        try (MailStore store = MailStoreProvider.forType("maildir").open(Map.of("path", temp.toString(), "fsync", false), temp)) {
            store.directory().addDomain("example.com");
            store.directory().addMailbox(alice, "{PLAIN}x");
            for (int i = 0; i < 6; i++) {
                store.deliver(List.of(alice), MessageSource.of(("m" + i + "\n").getBytes(StandardCharsets.US_ASCII)));
            }
            Pop3Session session = new Pop3Session("s", TestSettings.defaults().build(), new InetSocketAddress("127.0.0.1", 1), Runnable::run);
            session.enterTransaction(alice, store.open(alice));
            try {
                session.delete(1);
                session.delete(4);
                UndeletedMessageLines lines = new UndeletedMessageLines(session, (number, s) -> "n" + number);
                assertThat(List.of(lines.apply(0), lines.apply(1), lines.apply(2), lines.apply(3)))
                        .containsExactly("n2", "n3", "n5", "n6");
                assertThat(lines.apply(1)).isEqualTo("n3");
                assertThat(lines.apply(3)).isEqualTo("n6");
                assertThatThrownBy(() -> lines.apply(4)).isInstanceOf(IndexOutOfBoundsException.class);
            } finally {
                session.releaseMaildrop();
            }
        }
    }
}
