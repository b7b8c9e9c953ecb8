package org.postbox.system;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.core.ConditionTimeoutException;

/** A running {@code bin/postboxd}; closing it sends SIGTERM, as systemd does, and waits for it to end. */
public final class PostboxDaemon implements AutoCloseable {

    private static final Duration START_LIMIT = Duration.ofSeconds(90);

    private final ChildProcess process;
    private final int pop3Port;
    private final int lmtpPort;

    private PostboxDaemon(ChildProcess process, int pop3Port, int lmtpPort) {
        this.process = process;
        this.pop3Port = pop3Port;
        this.lmtpPort = lmtpPort;
    }

    static PostboxDaemon start(List<String> command, Map<String, String> environment, Path logs, int pop3Port, int lmtpPort) {
        ChildProcess process = ChildProcess.start(command, logs, environment, logs, "postboxd");
        try {
            // The "running" line comes once every listener is bound: only then is the port surely
            // postboxd's, not a leftover of the server before it.
            await().atMost(START_LIMIT).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError("postboxd exited at start; it said:\n" + process.output());
                }
                return process.output().contains("postboxd") && process.output().contains(" running, ");
            });
            Loopback.awaitListening(pop3Port, process, START_LIMIT);
            Loopback.awaitListening(lmtpPort, process, START_LIMIT);
            return new PostboxDaemon(process, pop3Port, lmtpPort);
        } catch (ConditionTimeoutException e) {
            process.close();
            throw new AssertionError("postboxd did not start within " + START_LIMIT.toSeconds() + " s; it said:\n"
                    + process.output(), e);
        } catch (RuntimeException | Error e) {
            process.close();
            throw e;
        }
    }

    /** Waits until another listener of it, e.g. the admin API's, accepts connections. */
    public void awaitListening(int port) {
        Loopback.awaitListening(port, process, START_LIMIT);
    }

    public int pop3Port() {
        return pop3Port;
    }

    public int lmtpPort() {
        return lmtpPort;
    }

    public String output() {
        return process.output();
    }

    /** {@code kill -9}: postboxd gets no chance to finish anything. Returns once the process has ended. */
    public void kill() {
        process.kill();
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.close();
    }
}
