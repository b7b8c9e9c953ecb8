package org.postbox.mailstore.jpa.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import com.sun.security.auth.module.UnixSystem;
import org.postbox.mailstore.spi.FileTrees;

/**
 * A real PostgreSQL server from the embedded binaries on Maven Central, on 127.0.0.1 only, with
 * its data directory under {@code base}. It can be stopped and started again on the same port
 * and data (a database outage), and is meant for tests: no fsync, trust authentication.
 *
 * <p>The server process is controlled with {@code initdb} and {@code pg_ctl} directly. PostgreSQL
 * refuses to run as root, and CI runs as root: then every command runs as the unprivileged user
 * {@value #UNPRIVILEGED_USER} through {@code runuser}, which owns the data directory.
 */
public final class EmbeddedPostgresServer implements PostgresServer {

    static final String SUPERUSER = "postgres";
    private static final String UNPRIVILEGED_USER = "nobody";
    private static final long COMMAND_TIMEOUT_SECONDS = 120;

    private final Path installation;
    private final Path base;
    private final Path data;
    private final Path log;
    private final int port;
    private boolean running;

    private EmbeddedPostgresServer(Path installation, Path base, int port) {
        this.installation = installation;
        this.base = base;
        this.data = base.resolve("data");
        this.log = base.resolve("postgres.log");
        this.port = port;
    }

    /**
     * Initialises a data directory under {@code base} (created; it must not hold one yet) and
     * starts the server. When running as root, {@code base}'s parents must be traversable by
     * everyone, as the system's temporary directory is.
     */
    public static EmbeddedPostgresServer start(Path base) {
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(PostgresBinaries.installation(), base, freePort());
        server.initialise();
        server.start();
        return server;
    }

    private void initialise() {
        try {
            Files.createDirectories(base);
            if (Files.getFileStore(base).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            if (asRoot()) {
                UserPrincipal owner = base.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(UNPRIVILEGED_USER);
                Files.setOwner(base, owner);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + base, e);
        }
        run(List.of(binary("initdb"), "-A", "trust", "-U", SUPERUSER, "-D", data.toString(),
                "-E", "UTF-8", "--no-locale", "--no-sync"));
    }

    /** Starts the server (again) on its port and data directory; returns once it accepts connections. */
    public synchronized void start() {
        if (running) {
            return;
        }
        String options = String.join(" ", "-p", Integer.toString(port),
                "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=''",
                "-c", "max_connections=300",
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
        run(List.of(binary("pg_ctl"), "-D", data.toString(), "-l", log.toString(), "-o", options, "-w", "-t", "60", "start"));
        running = true;
    }

    /** Stops the server as an administrator would (fast shutdown: sessions are ended). */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        run(List.of(binary("pg_ctl"), "-D", data.toString(), "-m", "fast", "-w", "-t", "60", "stop"));
        running = false;
    }

    public int port() {
        return port;
    }

    @Override
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public String user() {
        return SUPERUSER;
    }

    @Override
    public String password() {
        return "";
    }

    @Override
    public String maintenanceDatabase() {
        return "postgres";
    }

    /** Stops the server and removes its data. */
    @Override
    public void close() {
        try {
            stop();
        } finally {
            try {
                FileTrees.deleteRecursively(base);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + base, e);
            }
        }
    }

    private String binary(String name) {
        return installation.resolve("bin").resolve(name).toString();
    }

    private void run(List<String> command) {
        List<String> full = new ArrayList<>();
        if (asRoot()) {
            String runuser = Files.isExecutable(Path.of("/usr/sbin/runuser")) ? "/usr/sbin/runuser" : "runuser";
            full.addAll(List.of(runuser, "-u", UNPRIVILEGED_USER, "--"));
        }
        full.addAll(command);
        Path output = base.resolve("command.log");
        try {
            Process process = new ProcessBuilder(full)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                    .start();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", full) + " did not finish in time; see " + output);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", full) + " failed with exit code " + process.exitValue()
                        + ":\n" + Files.readString(output) + (Files.exists(log) ? Files.readString(log) : ""));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + full, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + full, e);
        }
    }

    private static boolean asRoot() {
        return System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
                && new UnixSystem().getUid() == 0;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
