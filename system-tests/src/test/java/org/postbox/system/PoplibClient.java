package org.postbox.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Python's poplib, as the scripts people write with it: {@code poplib_client.py} asks UIDL, fetches
 * the messages whose UIDL is not in its JSON state file, writes one file per message and adds the
 * UIDLs to the state.
 */
final class PoplibClient implements PopClient {

    private static final String SCRIPT = "poplib_client.py";

    private final Path directory;
    private final int port;
    private final List<Account> accounts;
    private final Inboxes inboxes;

    private PoplibClient(Path directory, int port, List<Account> accounts, Inboxes inboxes) {
        this.directory = directory;
        this.port = port;
        this.accounts = List.copyOf(accounts);
        this.inboxes = inboxes;
    }

    static PoplibClient create(Path directory, int port, List<Account> accounts) {
        try {
            Files.createDirectories(directory);
            try (InputStream script = PoplibClient.class.getResourceAsStream(SCRIPT)) {
                Files.write(directory.resolve(SCRIPT), script.readAllBytes());
            }
            return new PoplibClient(directory, port, accounts, Inboxes.create(directory.resolve("inboxes"), accounts, false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String name() {
        return "poplib";
    }

    @Override
    public Fetched poll() {
        List<String> command = new ArrayList<>(List.of(Peer.PYTHON.path().toString(), directory.resolve(SCRIPT).toString(),
                stateFile().toString(), Loopback.HOST, Integer.toString(port)));
        for (Account account : accounts) {
            command.addAll(List.of(account.address(), account.password(), inboxes.folder(account).toString()));
        }
        ChildProcess.Finished run = ChildProcess.run(command, directory, Map.of("HOME", directory.toString()),
                directory.resolve("logs"), "poplib", POLL_LIMIT);
        if (run.exitCode() != 0) {
            throw new AssertionError(run.describe());
        }
        return inboxes.sinceLastLook();
    }

    /** The script's state: a JSON object from each user to the list of UIDLs fetched. */
    @Override
    public void rememberFetched(Map<Account, List<String>> uidls) {
        Map<String, List<String>> byUser = new TreeMap<>();
        uidls.forEach((account, list) -> byUser.put(account.address(), list));
        StringBuilder json = new StringBuilder("{");
        byUser.forEach((user, list) -> {
            json.append(json.length() > 1 ? ", " : "").append(jsonString(user)).append(": [");
            for (int i = 0; i < list.size(); i++) {
                json.append(i > 0 ? ", " : "").append(jsonString(list.get(i)));
            }
            json.append(']');
        });
        try {
            Files.writeString(stateFile(), json.append("}\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path stateFile() {
        return directory.resolve("state.json");
    }

    /** UIDLs and addresses are printable ASCII (RFC 1939: 0x21 to 0x7E), so only quotes and backslashes need escaping. */
    private static String jsonString(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
