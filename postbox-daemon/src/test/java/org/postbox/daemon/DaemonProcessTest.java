package org.postbox.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.config.PostboxConfig;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageInfo;
import org.postbox.mailstore.MessageSource;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.password.PasswordSchemes;

/** postboxd as its own process, stopped with SIGTERM as systemd or an operator would. */
class DaemonProcessTest {
    private static final Pattern RUNNING = Pattern.compile("postboxd \\S+ running, .* listeners pop3=([\\d.]+):(\\d+)");

    @TempDir
    Path dir;

    @Test
    void sigtermEndsSessionsWithoutDeletingAndReleasesTheLock() throws Exception {
        Path configFile = dir.resolve("postbox.yaml");
        Files.writeString(configFile, RunningDaemon.yaml(dir, 0));
        MailboxAddress grace = MailboxAddress.parse("grace@example.com");
        String uid;
        try (MailStore store = PostboxConfig.load(configFile).store().open()) {
            store.directory().addDomain("example.com");
            store.directory().addMailbox(grace, PasswordSchemes.hash("pw"));
            DeliveryOutcome outcome = store.deliver(List.of(grace),
                    MessageSource.of("Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII))).get(0);
            uid = ((DeliveryOutcome.Delivered) outcome).uniqueId();
        }

        Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = dir.resolve("postboxd.log");
        Process process = new ProcessBuilder(javaBinary.toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"),
                PostboxDaemon.class.getName(), "--config", configFile.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            InetSocketAddress address = await().atMost(Duration.ofSeconds(60))
                    .until(() -> runningAddress(log), Optional::isPresent).get();
            try (RawPop3Client client = new RawPop3Client(address)) {
                assertThat(client.login("grace", "pw")).as("login; postboxd said %s", output(log)).startsWith("+OK");
                assertThat(client.command("DELE 1")).startsWith("+OK");

                process.destroy(); // SIGTERM

                assertThat(client.readLine()).isEqualTo("-ERR [SYS/TEMP] server shutting down");
                assertThat(client.closedByServer()).isTrue();
            }
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("postboxd exits after SIGTERM").isTrue();
            assertThat(process.exitValue()).isEqualTo(143); // 128 + SIGTERM: ended by the signal, hooks done
            assertThat(output(log)).anyMatch(line -> line.endsWith("shutting down: 1 open session(s)"))
                    .last().asString().endsWith("stopped");
        } finally {
            process.destroyForcibly();
        }

        try (MailStore store = PostboxConfig.load(configFile).store().open();
                Maildrop maildrop = store.open(grace)) {
            assertThat(maildrop.messages()).extracting(MessageInfo::uniqueId).containsExactly(uid);
        }
    }

    private static List<String> output(Path log) throws IOException {
        return Files.readAllLines(log, StandardCharsets.UTF_8);
    }

    private static Optional<InetSocketAddress> runningAddress(Path log) throws IOException {
        for (String line : output(log)) {
            Matcher m = RUNNING.matcher(line);
            if (m.find()) {
                return Optional.of(new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2))));
            }
        }
        return Optional.empty();
    }
}
