package org.postbox.system;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real POP3 client as a user runs it with "leave a copy on the server": it remembers the UIDLs
 * it has fetched in its own state file and fetches only messages with other UIDLs. Each one is
 * set up once for a server address and a list of accounts, and keeps its configuration and state
 * in a directory of its own, as a user's home would.
 */
sealed interface PopClient permits FetchmailClient, MpopClient, GetmailClient, PoplibClient {

    /** The most one poll of every account may take. */
    Duration POLL_LIMIT = Duration.ofSeconds(120);

    String name();

    /** Polls every account once, keeping every message on the server; fails the test if the client reports an error. */
    Fetched poll();

    /**
     * Writes the state the client would keep after having fetched exactly these UIDLs of each
     * account from this server, in the client's own format: for a server none of the clients
     * ever polled here.
     */
    void rememberFetched(Map<Account, List<String>> uidls);

    /** All four, each in a subdirectory of {@code directory} named after it. */
    static List<PopClient> all(Path directory, int port, List<Account> accounts, MailUser mailUser) {
        return List.of(
                FetchmailClient.create(directory.resolve("fetchmail"), port, accounts),
                MpopClient.create(directory.resolve("mpop"), port, accounts),
                GetmailClient.create(directory.resolve("getmail"), port, accounts, mailUser),
                PoplibClient.create(directory.resolve("poplib"), port, accounts));
    }
}
