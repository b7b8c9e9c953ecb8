package org.postbox.system;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one poll of a client brought: the message files it wrote, by account (every account, none left out). */
record Fetched(Map<Account, List<Path>> byAccount) {

    Fetched {
        byAccount = Map.copyOf(byAccount);
    }

    /** How many messages each account's poll brought, by address, in {@code accounts}' order. */
    Map<String, Integer> counts(List<Account> accounts) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Account account : accounts) {
            counts.put(account.address(), byAccount.getOrDefault(account, List.of()).size());
        }
        return counts;
    }
}
