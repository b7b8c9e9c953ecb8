package org.postbox.cli;

import java.util.List;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageInfo;

/** What a store answers a POP3 client, read the way a session reads it. */
final class StoreView {

    private StoreView() {
    }

    /** The maildrop's listing: UIDL and POP3 size per message, in message-number order. */
    static List<MessageInfo> listing(Cli cli, String address) {
        try (MailStore store = cli.openStore(); Maildrop maildrop = store.open(MailboxAddress.parse(address))) {
            return List.copyOf(maildrop.messages());
        }
    }

    static List<String> uidls(Cli cli, String address) {
        return listing(cli, address).stream().map(MessageInfo::uniqueId).toList();
    }

    /** The answers of the old server as a listing, to compare with {@link #listing}. */
    static List<MessageInfo> expected(List<SourceTrees.Answer> answers) {
        return answers.stream().map(answer -> new MessageInfo(answer.uidl(), answer.size())).toList();
    }
}
