package org.postbox.daemon;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * postboxd in a JVM of its own, on this test's class path, for what only a process can do: die
 * at once. Its output goes to a file, shown when something about it fails.
 */
final class DaemonProcess implements AutoCloseable {
    private static final Pattern RUNNING = Pattern.compile("postboxd \\S+ running, .* listeners pop3=([\\d.]+):(\\d+)");

    private final Process process;
    private final Path log;
    private final InetSocketAddress address;

    private DaemonProcess(Process process, Path log, InetSocketAddress address) {
        this.process = process;
        this.log = log;
        this.address = address;
    }

    /** Starts postboxd with {@code configFile} and returns once its POP3 listener is bound. */
    static DaemonProcess start(Path configFile, Path log) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"),
                PostboxDaemon.class.getName(), "--config", configFile.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            InetSocketAddress address = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("postboxd exited with " + process.exitValue() + ":\n" + output(log));
                        }
                        return runningAddress(log);
                    }, Optional::isPresent).get();
            return new DaemonProcess(process, log, address);
        } catch (ConditionTimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("postboxd did not start within 60 s; it said:\n" + output(log), e);
        } catch (RuntimeException | Error e) {
            process.destroyForcibly();
            throw e;
        }
    }

    InetSocketAddress address() {
        return address;
    }

    /** SIGKILL: no shutdown hook runs, nothing is released or closed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("postboxd did not die after SIGKILL");
        }
    }

    /** What the daemon has logged so far. */
    String output() {
        return output(log);
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                kill();
            }
        } catch (InterruptedException e) {
            // The process is being killed anyway; leave the interrupt for the caller to see.
            Thread.currentThread().interrupt();
        }
    }

    private static String output(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<InetSocketAddress> runningAddress(Path log) {
        Matcher m = RUNNING.matcher(output(log));
        return m.find() ? Optional.of(new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2)))) : Optional.empty();
    }
}
