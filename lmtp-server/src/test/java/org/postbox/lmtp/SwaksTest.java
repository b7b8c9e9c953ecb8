package org.postbox.lmtp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.MailboxAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * swaks, a real SMTP/LMTP client that MTA administrators use, against the listener: a delivery
 * with pipelining, and the error cases. Skipped where swaks is not installed (Debian: {@code swaks}).
 */
class SwaksTest {

    @TempDir
    Path temp;

    @BeforeAll
    static void swaksIsInstalled() {
        assumeTrue(onPath("swaks"), "swaks is not on the PATH");
    }

    @Test
    void deliversWithPipelining() throws Exception {
        try (TestServer server = TestServer.start(temp)) {
            server.addMailbox("alice@example.com");
            Result result = swaks(server, "--to", "alice@example.com", "--pipeline",
                    "--header", "Subject: from swaks", "--body", "Hello from swaks.\n.leading dot\n");
            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).contains("250-PIPELINING", "<-  250 2.0.0 <alice@example.com> delivered (");
            String stored = StoredMessages.withoutTraceHeaders(server.messages("alice@example.com").get(0));
            assertThat(stored).contains("Subject: from swaks\r\n").contains("\r\n\r\nHello from swaks.\r\n.leading dot\r\n");
        }
    }

    @Test
    void reportsEachRecipientOfOneMessage() throws Exception {
        try (TestServer server = TestServer.start(temp)) {
            server.addMailbox("alice@example.com");
            server.addMailbox("dave@example.com");
            server.addMailbox("carol@example.net");
            server.store().outcome(MailboxAddress.parse("dave@example.com"), new DeliveryOutcome.OverQuota("scripted"));
            Result result = swaks(server, "--to", "alice@example.com,nobody@example.com,dave@example.com,carol@example.net");
            assertThat(result.output()).contains(
                    "<** 550 5.1.1 <nobody@example.com> no such mailbox",
                    "<-  250 2.0.0 <alice@example.com> delivered (",
                    "<** 552 5.2.2 <dave@example.com> mailbox is full",
                    "<-  250 2.0.0 <carol@example.net> delivered (");
            assertThat(result.exitCode()).as("swaks succeeds when at least one recipient took the message").isZero();
            assertThat(server.messageCount("alice@example.com")).isEqualTo(1);
            assertThat(server.messageCount("carol@example.net")).isEqualTo(1);
            assertThat(server.messageCount("dave@example.com")).isZero();
        }
    }

    @Test
    void noAcceptedRecipientMeansNoMessage() throws Exception {
        try (TestServer server = TestServer.start(temp)) {
            Result result = swaks(server, "--to", "nobody@example.com");
            assertThat(result.exitCode()).as(result.output()).isEqualTo(24);
            assertThat(result.output()).contains("<** 550 5.1.1 <nobody@example.com> no such mailbox");
        }
    }

    @Test
    void aMessageOverTheMaximumIsRefusedAfterItsEnd() throws Exception {
        LmtpSettings small = new LmtpSettings("lmtp.test", 512, 100, 100, 10, LmtpSettings.DEFAULT_IDLE_TIMEOUT,
                10, false, temp.resolve("spool"));
        try (TestServer server = TestServer.start(temp, small)) {
            server.addMailbox("alice@example.com");
            Result result = swaks(server, "--to", "alice@example.com", "--body", "x".repeat(200));
            assertThat(result.exitCode()).as(result.output()).isEqualTo(26);
            assertThat(result.output()).contains("250 SIZE 100",
                    "<** 552 5.3.4 <alice@example.com> message size exceeds fixed maximum message size");
            assertThat(server.messageCount("alice@example.com")).isZero();
        }
    }

    private record Result(int exitCode, String output) {
    }

    private Result swaks(TestServer server, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("swaks", "--protocol", "LMTP",
                "--server", server.address().getAddress().getHostAddress(), "--port", Integer.toString(server.address().getPort()),
                "--helo", "mx.example.net", "--from", "bob@example.org", "--timeout", "15"));
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile(temp, "swaks-", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("swaks did not finish within 30 s: " + Files.readString(output, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String directory : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(directory, program))) {
                return true;
            }
        }
        return false;
    }
}
