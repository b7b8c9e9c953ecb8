package org.postbox.mailstore.conformance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.postbox.mailstore.MailboxAddress;

/**
 * The test's handle on a {@link LockHolderMain} child JVM running on this test's class path.
 * Status lines are read by a daemon thread into a queue, so waiting for one has a deadline.
 */
public final class LockHolderProcess implements AutoCloseable {

    private static final long DEADLINE_SECONDS = 60;
    private static final String END_OF_OUTPUT = "<end of output>";
    private static final Set<String> STATUSES = Set.of(
            LockHolderMain.LOCKED, LockHolderMain.IN_USE, LockHolderMain.RELEASED);

    private final Process process;
    private final Path errorLog;
    private final BlockingQueue<String> statuses = new LinkedBlockingQueue<>();

    private LockHolderProcess(Process process, Path errorLog) {
        this.process = process;
        this.errorLog = errorLog;
        Thread reader = new Thread(this::readStatuses, "lock-holder-" + process.pid() + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    public static LockHolderProcess start(StoreLocation location, MailboxAddress address, Path workDirectory)
            throws IOException {
        Path settings = Files.createTempFile(workDirectory, "lock-holder-", ".settings");
        try (OutputStream out = Files.newOutputStream(settings); ObjectOutputStream objects = new ObjectOutputStream(out)) {
            objects.writeObject(new LinkedHashMap<>(location.settings()));
        }
        Path errorLog = Files.createTempFile(workDirectory, "lock-holder-", ".stderr");
        List<String> command = new ArrayList<>(List.of(
                javaExecutable(), "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                LockHolderMain.class.getName(),
                location.type(), location.baseDir().toString(), settings.toString(), address.toString()));
        Process process = new ProcessBuilder(command)
                .redirectError(errorLog.toFile())
                .start();
        return new LockHolderProcess(process, errorLog);
    }

    /** The next status line; fails the test with the child's stderr if none comes in time. */
    public String nextStatus() throws InterruptedException {
        String status = statuses.poll(DEADLINE_SECONDS, TimeUnit.SECONDS);
        if (status == null || status.equals(END_OF_OUTPUT) || status.startsWith(LockHolderMain.ERROR)) {
            throw new AssertionError("lock holder reported " + (status == null ? "nothing in time" : status)
                    + "; its stderr:\n" + errorOutput());
        }
        return status;
    }

    /** Ends the child's input: it closes its maildrop and exits. */
    public void release() throws IOException {
        process.getOutputStream().close();
    }

    /** Asks the child to halt the JVM without closing anything, as a crash would. */
    public void halt() throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((LockHolderMain.HALT + "\n").getBytes(StandardCharsets.US_ASCII));
        in.flush();
    }

    /** Kills the child (SIGKILL where the platform has it). */
    public void kill() {
        process.destroyForcibly();
    }

    public int awaitExit() throws InterruptedException, ExecutionException, TimeoutException {
        return process.onExit().get(DEADLINE_SECONDS, TimeUnit.SECONDS).exitValue();
    }

    /** Kills the child if it still runs and reaps it. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        try {
            process.onExit().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("lock holder " + process.pid() + " did not end", e);
        }
    }

    private void readStatuses() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                // Anything else on stdout (a logging library's banner, say) is not ours to judge.
                if (STATUSES.contains(line) || line.startsWith(LockHolderMain.ERROR + " ")) {
                    statuses.add(line);
                }
            }
        } catch (IOException e) {
            statuses.add(LockHolderMain.ERROR + " reading the child's output: " + e);
        } finally {
            statuses.add(END_OF_OUTPUT);
        }
    }

    private String errorOutput() {
        try {
            return Files.readString(errorLog, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
