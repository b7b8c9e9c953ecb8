package org.postbox.benchmarks.compare;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import javax.net.ssl.SSLContext;

/**
 * Runs many client connections on one selector thread: a warm-up, then a measured window, then a
 * drain in which conversations end with QUIT. Operations (a login, a message, a scan) count when
 * they complete inside the window. A slot whose connection ends while the run goes on gets a new
 * connection, so session-per-operation modes loop.
 */
final class LoadRun {

    /** Where the run is: warming up, counting, or ending its sessions. */
    private enum Phase { WARMUP, MEASURE, DRAIN }

    /**
     * @param server        where to connect
     * @param tls           implicit TLS context, or null for clear text
     * @param clients       connection slots
     * @param sources       local addresses to bind, slot {@code i} takes {@code i % size}; empty: any
     * @param warmupNanos   time before counting starts
     * @param measureNanos  length of the counted window
     * @param maxOps        stop counting after this many operations (0: no limit)
     * @param connectWindow most connections not yet logged in at once (slots wait their turn)
     * @param reconnect     give a slot a new connection when its connection ends during the run
     * @param hold          sessions log in and stay: the window closes once every slot has logged
     *                      in or given up, or when none has logged in for a minute
     */
    record Settings(InetSocketAddress server, SSLContext tls, int clients, List<InetAddress> sources,
                    long warmupNanos, long measureNanos, long maxOps, int connectWindow, boolean reconnect,
                    boolean hold) {
    }

    /** Hooks at the two marks of the counted window, e.g. to take CPU and memory readings. */
    interface Window {
        void opened();

        void closed();
    }

    /** A run that holds sessions gives up when none has logged in for this long. */
    private static final long STALLED = TimeUnit.SECONDS.toNanos(60);

    private final Settings settings;
    private final IntFunction<Conversation> conversations;
    private final Window window;
    private final Selector selector;
    private final Set<Pop3Connection> open = new HashSet<>();
    private final LongSamples latencies = new LongSamples();
    private final List<String> errorSamples = new ArrayList<>();
    /**
     * Every connection reads into this one buffer: the selector thread handles one at a time and
     * the parser consumes all it is given, so a buffer per connection (96 KiB each, 10,000 of them
     * in the idle mode, a new one per login) would be memory and allocation for nothing.
     */
    private final ByteBuffer readBuffer = ByteBuffer.allocate(96 * 1024);
    private Phase phase = Phase.WARMUP;
    private int nextSlot;
    private int connecting;
    private int established;
    private int retries;
    private long lastLogin = System.nanoTime();
    private long ops;
    private long octets;
    private long errors;
    private long refused;
    private long measureStart;
    private long measureEnd;

    LoadRun(Settings settings, IntFunction<Conversation> conversations, Window window) throws IOException {
        this.settings = settings;
        this.conversations = conversations;
        this.window = window;
        this.selector = Selector.open();
    }

    /** Runs to the end; returns the counted window's length in nanoseconds. */
    long run() throws IOException {
        long start = System.nanoTime();
        long warmupEnd = start + settings.warmupNanos();
        if (settings.warmupNanos() == 0) {
            openWindow();
        }
        startSlots();
        long drainDeadline = Long.MAX_VALUE;
        while (true) {
            long now = System.nanoTime();
            if (phase == Phase.WARMUP && now >= warmupEnd) {
                openWindow();
            }
            if (phase == Phase.MEASURE && (now >= measureStart + settings.measureNanos()
                    || settings.maxOps() > 0 && ops >= settings.maxOps()
                    || settings.hold() && nextSlot >= settings.clients() && connecting <= 0
                    || settings.hold() && now - lastLogin > STALLED)) {
                if (settings.hold() && now - lastLogin > STALLED) {
                    error("no login for " + TimeUnit.NANOSECONDS.toSeconds(STALLED) + " s with " + established
                            + " sessions established: the run ends here");
                }
                closeWindow();
                drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                for (Pop3Connection connection : List.copyOf(open)) {
                    connection.finish();
                }
            }
            if (phase == Phase.DRAIN && (open.isEmpty() || now > drainDeadline)) {
                break;
            }
            selector.select(50);
            for (SelectionKey key : selector.selectedKeys()) {
                Pop3Connection connection = (Pop3Connection) key.attachment();
                try {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isConnectable()) {
                        connection.connected();
                    } else {
                        if (key.isReadable()) {
                            connection.readable();
                        }
                        if (key.isValid() && key.isWritable()) {
                            connection.writable();
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    error("slot " + connection.slot() + ": " + e);
                    connection.close();
                }
            }
            selector.selectedKeys().clear();
        }
        for (Pop3Connection connection : List.copyOf(open)) {
            connection.close();
        }
        selector.close();
        return measureEnd - measureStart;
    }

    /** The read buffer shared by all connections; each read clears it first. */
    ByteBuffer readBuffer() {
        return readBuffer;
    }

    boolean running() {
        return phase != Phase.DRAIN;
    }

    /** An operation that began at {@code startNanos} has completed, moving {@code bytes} octets. */
    void completed(long startNanos, long bytes) {
        if (phase == Phase.MEASURE) {
            ops++;
            octets += bytes;
            latencies.add(System.nanoTime() - startNanos);
        }
    }

    /** A connection has logged in: the next waiting slot may connect. */
    void established() {
        lastLogin = System.nanoTime();
        established++;
        connecting--;
        startSlots();
    }

    int establishedCount() {
        return established;
    }

    /** A login or command refused for now ({@code [SYS/TEMP]}, {@code [IN-USE]}). */
    void refused(Reply reply) {
        if (phase == Phase.MEASURE) {
            refused++;
        }
        sample(reply.status());
    }

    /** Any other failure: a wrong reply, a size or checksum that does not match. */
    void failed(Reply reply) {
        error("unexpected reply: " + reply.status());
    }

    void error(String what) {
        if (phase != Phase.DRAIN) {
            errors++;
        }
        sample(what);
    }

    void closed(Pop3Connection connection) {
        open.remove(connection);
        if (phase == Phase.DRAIN) {
            return;
        }
        if (settings.reconnect()) {
            connect(connection.slot());
        } else if (!connection.isEstablished() && retries++ < settings.clients()) {
            // A slot that must hold a session (idle) tries again after a refused login, up to one
            // retry per slot on average, so that a server that refuses for good ends the run.
            connect(connection.slot());
        } else if (!connection.isEstablished()) {
            connecting--;
            startSlots();
        } else if (!connection.quitSent()) {
            error("slot " + connection.slot() + ": the server closed the connection");
        }
    }

    long ops() {
        return ops;
    }

    long octets() {
        return octets;
    }

    long errors() {
        return errors;
    }

    long refusedCount() {
        return refused;
    }

    LongSamples latencies() {
        return latencies;
    }

    List<String> errorSamples() {
        return errorSamples;
    }

    private void openWindow() {
        phase = Phase.MEASURE;
        window.opened();
        measureStart = System.nanoTime();
    }

    private void closeWindow() {
        measureEnd = System.nanoTime();
        phase = Phase.DRAIN;
        window.closed();
    }

    private void startSlots() {
        while (nextSlot < settings.clients() && connecting < settings.connectWindow() && phase != Phase.DRAIN) {
            connecting++;
            connect(nextSlot++);
        }
    }

    private void connect(int slot) {
        try {
            SocketChannel channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            if (!settings.sources().isEmpty()) {
                channel.bind(new InetSocketAddress(settings.sources().get(slot % settings.sources().size()), 0));
            }
            SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT);
            Pop3Connection connection = new Pop3Connection(this, slot, channel, key, settings.tls(),
                    conversations.apply(slot));
            key.attach(connection);
            open.add(connection);
            if (channel.connect(settings.server())) {
                connection.connected();
            }
        } catch (IOException e) {
            error("slot " + slot + ": cannot connect: " + e);
        }
    }

    private void sample(String what) {
        if (errorSamples.size() < 5) {
            errorSamples.add(what);
        }
    }
}
