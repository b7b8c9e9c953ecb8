package org.postbox.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where a client puts what it fetches: a folder per account (a Maildir for clients that deliver to
 * one). Each look reports the files that appeared since the one before, which is what a poll
 * fetched: the clients write one file per message.
 */
final class Inboxes {

    private final Map<Account, Path> folders;
    private final Set<Path> seen = new HashSet<>();

    private Inboxes(Map<Account, Path> folders) {
        this.folders = folders;
    }

    static Inboxes create(Path directory, List<Account> accounts, boolean maildirs) {
        Map<Account, Path> folders = new LinkedHashMap<>();
        try {
            for (Account account : accounts) {
                Path folder = directory.resolve(account.address());
                Files.createDirectories(folder);
                if (maildirs) {
                    for (String sub : List.of("tmp", "new", "cur")) {
                        Files.createDirectories(folder.resolve(sub));
                    }
                }
                folders.put(account, folder);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Inboxes(folders);
    }

    Path folder(Account account) {
        return folders.get(account);
    }

    Iterable<Path> allFolders() {
        return folders.values();
    }

    /** The message files written since the last look, by account. */
    Fetched sinceLastLook() {
        Map<Account, List<Path>> fetched = new LinkedHashMap<>();
        for (Map.Entry<Account, Path> entry : folders.entrySet()) {
            List<Path> fresh = new ArrayList<>();
            try (Stream<Path> files = Files.walk(entry.getValue())) {
                files.filter(Files::isRegularFile)
                        .filter(file -> !entry.getValue().relativize(file).startsWith("tmp"))
                        .sorted()
                        .forEach(file -> {
                            if (seen.add(file)) {
                                fresh.add(file);
                            }
                        });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            fetched.put(entry.getKey(), fresh);
        }
        return new Fetched(fetched);
    }
}
