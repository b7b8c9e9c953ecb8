package org.postbox.system.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.postbox.system.Loopback;

/**
 * The misbehaving clients of one flood: their sockets, the threads that drive them, and a stop.
 * They connect from 127.0.0.2 (still loopback, still to 127.0.0.1) so that the daemon's per-address
 * limits count them apart from the well-behaved client, as they would count a scanner's address
 * apart from a customer's.
 */
final class Attacker implements AutoCloseable {

    static final String SOURCE = "127.0.0.2";
    private static final int TIMEOUT_MILLIS = 10_000;

    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
    private volatile boolean stopped;

    /** A new connection to {@code port}, kept in the books until {@link #drop} or {@link #close}. */
    Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(SOURCE, 0));
            socket.connect(new InetSocketAddress(Loopback.HOST, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        open.add(socket);
        connections.incrementAndGet();
        if (stopped) {
            drop(socket);
        }
        return socket;
    }

    void drop(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // Gone either way.
        }
    }

    /** Runs {@code step} over and over on a thread of its own until the flood stops; a failed step is counted, not fatal. */
    void repeat(String name, IoStep step) {
        Thread thread = new Thread(() -> {
            while (!stopped) {
                try {
                    step.run();
                } catch (IOException | UncheckedIOException e) {
                    // The daemon closing on us is what a flood expects; a flood that cannot connect at all shows in the counts.
                    failures.incrementAndGet();
                }
            }
        }, "flood-" + name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    /** Runs {@code step} every {@code periodMillis} until the flood stops: pacing is what a slow client is made of. */
    void every(long periodMillis, Runnable step) {
        ticks.scheduleAtFixedRate(step, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    Set<Socket> openSockets() {
        return open;
    }

    int openNow() {
        return open.size();
    }

    long connections() {
        return connections.get();
    }

    /** Counts one unit of abuse sent on a connection (a 1 MiB line, a 1 MiB burst of garbage). */
    void sent() {
        sent.incrementAndGet();
    }

    long sentCount() {
        return sent.get();
    }

    long failures() {
        return failures.get();
    }

    boolean stopped() {
        return stopped;
    }

    /** Stops the threads and closes every socket (which unblocks a thread stuck in a read or write). */
    @Override
    public void close() {
        stopped = true;
        ticks.shutdownNow();
        for (Socket socket : List.copyOf(open)) {
            drop(socket);
        }
        for (Thread thread : threads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        // Sockets a thread opened while the first sweep ran.
        for (Socket socket : List.copyOf(open)) {
            drop(socket);
        }
    }

    @FunctionalInterface
    interface IoStep {
        void run() throws IOException;
    }
}
