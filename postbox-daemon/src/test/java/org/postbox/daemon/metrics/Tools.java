package org.postbox.daemon.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Prometheus's command line tools, as the Debian package installs them, and the files they check. */
final class Tools {

    /** The distribution's monitoring files, next to this module in the source tree. */
    static final Path DIST = Path.of("..", "distribution", "src", "main", "dist").toAbsolutePath().normalize();
    static final Path DASHBOARD = DIST.resolve("grafana").resolve("postbox.json");
    static final Path ALERTS = DIST.resolve("prometheus").resolve("alerts.yml");
    static final Path ALERT_TESTS = Path.of("..", "distribution", "src", "test", "prometheus", "alerts_test.yml")
            .toAbsolutePath().normalize();

    private Tools() {
    }

    /** What a finished process said and how it ended. */
    record Result(int status, String output) {
    }

    /** Runs {@code command} in {@code dir} with {@code input} on its standard input; output is stdout and stderr together. */
    static Result run(Path dir, String input, List<String> command) {
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            try (OutputStream in = process.getOutputStream()) {
                in.write(input.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within 60 s");
            }
            return new Result(process.exitValue(), output.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
