package org.postbox.daemon.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the certificates when their files change. It polls: every interval it compares each
 * file's resolved path, modification time and size with what it saw last, which also notices
 * certbot's renewals (the {@code live/} symbolic links are switched to new files under
 * {@code archive/}) and needs no file system events, which symbolic links and network file
 * systems do not reliably give. A change that yields unusable files is reported once by
 * {@link ServerTls#reload()}; the next change is tried again.
 */
public final class CertificateWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateWatcher.class);

    /** What one poll saw of a file: its target, time and size, or all null/-1 when it was missing. */
    private record Stamp(Path target, FileTime modified, long size) {
        static final Stamp MISSING = new Stamp(null, null, -1);
    }

    private final ServerTls tls;
    private final ScheduledExecutorService timer;
    private Map<Path, Stamp> seen;

    private CertificateWatcher(ServerTls tls) {
        this.tls = tls;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "tls-certificate-watcher");
            thread.setDaemon(true);
            return thread;
        });
        this.seen = stamps();
    }

    /** Starts polling the files of {@code tls} every {@code interval}; the files as they are now count as loaded. */
    public static CertificateWatcher start(ServerTls tls, Duration interval) {
        Objects.requireNonNull(tls, "tls");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, got " + interval);
        }
        CertificateWatcher watcher = new CertificateWatcher(tls);
        long millis = Math.max(1, interval.toMillis());
        watcher.timer.scheduleWithFixedDelay(watcher::poll, millis, millis, TimeUnit.MILLISECONDS);
        return watcher;
    }

    private void poll() {
        try {
            Map<Path, Stamp> now = stamps();
            if (!now.equals(seen)) {
                seen = now;
                LOG.info("TLS certificate files changed, reloading");
                tls.reload();
            }
        } catch (RuntimeException e) {
            // A failed poll must not end the schedule: the next one may well work.
            LOG.error("checking the TLS certificate files failed", e);
        }
    }

    private Map<Path, Stamp> stamps() {
        Map<Path, Stamp> stamps = new LinkedHashMap<>();
        for (Path file : tls.files()) {
            stamps.put(file, stamp(file));
        }
        return stamps;
    }

    private static Stamp stamp(Path file) {
        try {
            Path target = file.toRealPath();
            BasicFileAttributes attributes = Files.readAttributes(target, BasicFileAttributes.class);
            return new Stamp(target, attributes.lastModifiedTime(), attributes.size());
        } catch (IOException e) {
            // Missing for a moment (a non-atomic replacement): a change like any other.
            return Stamp.MISSING;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
