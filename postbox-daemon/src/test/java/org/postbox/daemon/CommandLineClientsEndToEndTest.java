package org.postbox.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.postbox.mailstore.MessageInfo;

/**
 * The two command-line clients the README shows, {@code curl pop3://...} and Python's poplib,
 * against a real daemon. Each test runs only where its program is installed.
 */
class CommandLineClientsEndToEndTest extends CorpusEndToEndTest {
    /** Exit status and standard output (raw octets) of a finished program. */
    private record Result(int status, byte[] out, String err) {
        String text() {
            return new String(out, StandardCharsets.ISO_8859_1);
        }
    }

    private static Result execute(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        CompletableFuture<byte[]> out = drain(process.getInputStream());
        CompletableFuture<byte[]> err = drain(process.getErrorStream());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command.get(0)).isTrue();
        return new Result(process.exitValue(), out.get(10, TimeUnit.SECONDS),
                new String(err.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8));
    }

    private static CompletableFuture<byte[]> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static String url(String path) {
        return "pop3://127.0.0.1:" + daemon.port() + path;
    }

    private static List<String> curl(String... args) {
        List<String> command = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--max-time", "60",
                "--user", alice + ":" + RunningDaemon.PASSWORD));
        command.addAll(List.of(args));
        return command;
    }

    @Test
    void curlListsAndRetrievesEveryMessage() throws Exception {
        assumeTrue(Executables.onPath("curl").isPresent(), "curl is not installed");
        List<MessageInfo> inStore = daemon.messages(alice);

        Result list = execute(curl(url("/")));
        assertThat(list.status()).as(list.err()).isZero();
        List<String> expectedList = new ArrayList<>();
        for (int n = 1; n <= inStore.size(); n++) {
            expectedList.add(n + " " + inStore.get(n - 1).size());
        }
        assertThat(list.text().split("\r\n")).containsExactlyElementsOf(expectedList);

        Result uidl = execute(curl("--request", "UIDL", url("/")));
        assertThat(uidl.status()).as(uidl.err()).isZero();
        assertThat(uidl.text()).contains("1 " + inStore.get(0).uniqueId() + "\r\n");

        for (int n = 1; n <= inStore.size(); n++) {
            Result retr = execute(curl(url("/" + n)));
            assertThat(retr.status()).as(retr.err()).isZero();
            byte[] stored = byUid.get(inStore.get(n - 1).uniqueId());
            assertThat(TestMessages.sha256(retr.out())).as("message %d", n)
                    .isEqualTo(TestMessages.sha256(TestMessages.expectedRetr(stored)));
        }
    }

    // poplib returns lines without their CRLF; joining them with CRLF restores the octets sent.
    private static final String POPLIB_SCRIPT = String.join("\n",
            "import hashlib, json, poplib, sys",
            "host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]",
            "box = poplib.POP3(host, port, timeout=60)",
            "box.user(user)",
            "box.pass_(password)",
            "count, octets = box.stat()",
            "sizes = [int(l.split()[1]) for l in box.list()[1]]",
            "uids = [l.split()[1].decode('ascii') for l in box.uidl()[1]]",
            "digests = []",
            "for n in range(1, count + 1):",
            "    lines = box.retr(n)[1]",
            "    digests.append(hashlib.sha256(b''.join(l + b'\\r\\n' for l in lines)).hexdigest())",
            "top = box.top(1, 0)[1]",
            "box.quit()",
            "print(json.dumps({'count': count, 'octets': octets, 'sizes': sizes, 'uids': uids,",
            "                  'digests': digests, 'top_lines': len(top)}))",
            "");

    @Test
    void pythonPoplibListsAndRetrievesEveryMessage() throws Exception {
        assumeTrue(Executables.onPath("python3").isPresent(), "python3 is not installed");
        List<MessageInfo> inStore = daemon.messages(alice);
        Path script = dir.resolve("poplib_client.py");
        Files.writeString(script, POPLIB_SCRIPT);

        Result result = execute(List.of("python3", script.toString(), "127.0.0.1", String.valueOf(daemon.port()),
                alice.toString(), RunningDaemon.PASSWORD));

        assertThat(result.status()).as(result.err()).isZero();
        String json = result.text().strip();
        assertThat(json).contains("\"count\": " + inStore.size() + ",");
        assertThat(json).contains("\"octets\": " + inStore.stream().mapToLong(MessageInfo::size).sum() + ",");
        List<String> sizes = new ArrayList<>();
        List<String> uids = new ArrayList<>();
        List<String> digests = new ArrayList<>();
        for (MessageInfo info : inStore) {
            sizes.add(String.valueOf(info.size()));
            uids.add("\"" + info.uniqueId() + "\"");
            digests.add("\"" + TestMessages.sha256(TestMessages.expectedRetr(byUid.get(info.uniqueId()))) + "\"");
        }
        assertThat(json).contains("\"sizes\": [" + String.join(", ", sizes) + "]");
        assertThat(json).contains("\"uids\": [" + String.join(", ", uids) + "]");
        assertThat(json).contains("\"digests\": [" + String.join(", ", digests) + "]");
        long headerLines = new String(TestMessages.expectedTop(byUid.get(inStore.get(0).uniqueId()), 0),
                StandardCharsets.ISO_8859_1).split("\r\n", -1).length - 1;
        assertThat(json).contains("\"top_lines\": " + headerLines + "}");
    }
}
