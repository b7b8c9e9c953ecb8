package org.postbox.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A program started by a test, with its standard output and error in files of the test's
 * directory (kept for whoever reads a failure). Stopping it stops the programs it started too:
 * a server such as Dovecot runs its work in child processes that outlive a master killed alone.
 */
public final class ChildProcess implements AutoCloseable {

    private static final Duration GRACE = Duration.ofSeconds(20);

    private final List<String> command;
    private final Process process;
    private final Path out;
    private final Path err;
    // Where this run's output begins in the files, which earlier runs of the same name wrote too.
    private final long outStart;
    private final long errStart;

    private ChildProcess(List<String> command, Process process, Path out, Path err, long outStart, long errStart) {
        this.command = List.copyOf(command);
        this.process = process;
        this.out = out;
        this.err = err;
        this.outStart = outStart;
        this.errStart = errStart;
    }

    /**
     * Starts {@code command} in {@code workDirectory} with {@code environment} added to this JVM's;
     * its output goes to {@code <logs>/<name>.out} and {@code .err} (appended, so that every run
     * of a client stays readable).
     */
    static ChildProcess start(List<String> command, Path workDirectory, Map<String, String> environment, Path logs,
                              String name) {
        return start(command, workDirectory, environment, Path.of("/dev/null"), logs, name);
    }

    /** As {@link #start(List, Path, Map, Path, String)}, reading its standard input from {@code input}. */
    static ChildProcess start(List<String> command, Path workDirectory, Map<String, String> environment, Path input,
                              Path logs, String name) {
        try {
            Files.createDirectories(logs);
            Path out = logs.resolve(name + ".out");
            Path err = logs.resolve(name + ".err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDirectory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(input.toFile()))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()));
            builder.environment().putAll(environment);
            long outStart = Files.exists(out) ? Files.size(out) : 0;
            long errStart = Files.exists(err) ? Files.size(err) : 0;
            return new ChildProcess(command, builder.start(), out, err, outStart, errStart);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Runs {@code command} to its end within {@code limit}; a program still running then is stopped and the test fails. */
    static Finished run(List<String> command, Path workDirectory, Map<String, String> environment, Path logs, String name,
                        Duration limit) {
        return run(command, workDirectory, environment, Path.of("/dev/null"), logs, name, limit);
    }

    /** As {@link #run(List, Path, Map, Path, String, Duration)}, reading its standard input from {@code input}. */
    static Finished run(List<String> command, Path workDirectory, Map<String, String> environment, Path input, Path logs,
                        String name, Duration limit) {
        ChildProcess child = start(command, workDirectory, environment, input, logs, name);
        try {
            if (!child.process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                child.close();
                throw new AssertionError(child.describe() + " did not finish within " + limit.toSeconds() + " s; it said:\n"
                        + child.output());
            }
            return new Finished(child.command, child.process.exitValue(), child.read(child.out, child.outStart),
                    child.read(child.err, child.errStart));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            child.close();
            throw new AssertionError("interrupted while waiting for " + child.describe(), e);
        }
    }

    /** What a program said and how it ended; {@code out} and {@code err} are this run's only. */
    public record Finished(List<String> command, int exitCode, String out, String err) {
        public String describe() {
            return command.get(0) + " exited with " + exitCode + "; standard output:\n" + out + "\nstandard error:\n" + err;
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, as a crash or the OOM killer ends a program: no shutdown hook runs. Returns once it has ended. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(describe() + " still runs " + GRACE.toSeconds() + " s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + describe() + " to die", e);
        }
    }

    /** Everything it has written so far, standard output then error. */
    String output() {
        return read(out, outStart) + read(err, errStart);
    }

    String describe() {
        return command.get(0) + " (pid " + process.pid() + ")";
    }

    /**
     * SIGTERM to the program, then SIGKILL to whatever of it and its descendants is left after a
     * grace period. The descendants are taken before the signal: once the program has gone they
     * are no longer known as its own.
     */
    @Override
    public void close() {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        boolean interrupted = false;
        try {
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
            for (ProcessHandle descendant : descendants) {
                try {
                    descendant.onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    descendant.destroyForcibly();
                }
            }
            process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
            process.destroyForcibly();
            descendants.forEach(ProcessHandle::destroyForcibly);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private String read(Path file, long from) {
        try {
            if (!Files.exists(file)) {
                return "";
            }
            byte[] all = Files.readAllBytes(file);
            int start = (int) Math.min(from, all.length);
            return new String(all, start, all.length - start, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
