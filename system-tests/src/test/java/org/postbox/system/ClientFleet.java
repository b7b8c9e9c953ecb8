package org.postbox.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The four clients polling the same accounts of one server, each with its own state. */
final class ClientFleet {

    private final List<PopClient> clients;
    private final List<Account> accounts;

    ClientFleet(List<PopClient> clients, List<Account> accounts) {
        this.clients = List.copyOf(clients);
        this.accounts = List.copyOf(accounts);
    }

    /**
     * Every client polls every account once; the test fails unless each client fetched exactly
     * {@code expected} (messages by address). The failure shows what every client fetched.
     */
    Map<String, Fetched> expectEachFetches(Map<String, Integer> expected, String when) {
        Map<String, Fetched> fetched = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> expectedCounts = new LinkedHashMap<>();
        for (PopClient client : clients) {
            Fetched poll = client.poll();
            fetched.put(client.name(), poll);
            counts.put(client.name(), poll.counts(accounts));
            expectedCounts.put(client.name(), expected);
        }
        assertThat(counts).as("messages fetched by each client, by mailbox, %s", when).isEqualTo(expectedCounts);
        return fetched;
    }

    /** {@code count} for every account. */
    Map<String, Integer> each(int count) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        accounts.forEach(account -> counts.put(account.address(), count));
        return counts;
    }

    /** Seeds every client's state with these UIDLs, as if it had fetched them all (see {@link PopClient#rememberFetched}). */
    void rememberFetched(Map<Account, List<String>> uidls) {
        clients.forEach(client -> client.rememberFetched(uidls));
    }

    /** Fails unless every file fetched is the message delivered after the move, to its own account. */
    static void expectOnlyTheNewMessage(Map<String, Fetched> fetched) {
        fetched.forEach((client, poll) -> poll.byAccount().forEach((account, files) -> {
            for (Path file : files) {
                String text = read(file);
                assertThat(text).as("%s fetched %s for %s", client, file.getFileName(), account)
                        .contains(TestMessages.AFTER_THE_MOVE).contains("Message-ID: <after." + account.local() + ".");
            }
        }));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
