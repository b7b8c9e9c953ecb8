package org.postbox.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assumptions.assumeThat;

/** What the kernel says of a listening socket, as iproute2's {@code ss} reports it. */
final class ListenSockets {

    private ListenSockets() {
    }

    /** The backlog of the socket listening on {@code port}: the Send-Q column of {@code ss -ltn}. */
    static int backlog(int port) throws IOException, InterruptedException {
        Process ss;
        try {
            ss = new ProcessBuilder("ss", "-H", "-l", "-t", "-n", "sport = :" + port).redirectErrorStream(true).start();
        } catch (IOException missing) {
            assumeThat(missing).as("ss (Debian package iproute2) is installed").isNull();
            throw missing;
        }
        String output = new String(ss.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        if (!ss.waitFor(10, TimeUnit.SECONDS) || ss.exitValue() != 0) {
            throw new IOException("ss failed: " + output);
        }
        // LISTEN  0  4096  127.0.0.1:40123  0.0.0.0:*
        String[] columns = output.split("\\s+");
        if (columns.length < 4 || !columns[0].equals("LISTEN")) {
            throw new IOException("unexpected ss output: " + output);
        }
        return Integer.parseInt(columns[2]);
    }
}
