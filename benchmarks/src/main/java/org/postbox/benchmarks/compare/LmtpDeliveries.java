package org.postbox.benchmarks.compare;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.postbox.benchmarks.KeyValueArguments;
import org.postbox.benchmarks.LmtpLoad;

/**
 * LMTP deliveries per second for {@code compare-dovecot.sh}, with {@link LmtpLoad} (the load of
 * the other LMTP benchmarks: 4096-octet messages, one recipient each, envelopes pipelined as
 * Postfix sends them, into {@code user0..user15@example.com}), and the same JSON line as
 * {@link Pop3Load}. Like the POP3 modes, it warms up first: {@code warmup} deliveries per
 * connection (default: as many as measured), not counted, so that a JIT-compiled server is
 * measured as it runs, not while it compiles (1,000 deliveries of a fresh JVM ran at 470/s, the
 * next 1,000 at 750/s). CPU times cover the timed part only.
 *
 * <pre>
 * java ... org.postbox.benchmarks.compare.LmtpDeliveries server=postbox port=12424 pid=1234 connections=4 messages=500
 * </pre>
 */
public final class LmtpDeliveries {

    private LmtpDeliveries() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = KeyValueArguments.parse(args);
        int connections = Integer.parseInt(options.getOrDefault("connections", "4"));
        int messages = Integer.parseInt(options.getOrDefault("messages", "500"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", Integer.toString(messages)));
        long pid = Long.parseLong(options.getOrDefault("pid", "0"));
        InetSocketAddress server = new InetSocketAddress(options.getOrDefault("host", "127.0.0.1"),
                Integer.parseInt(options.getOrDefault("port", "2424")));
        if (warmup > 0) {
            LmtpLoad.measure(server, connections, warmup);
        }
        ServerProcess process = pid > 0 ? new ServerProcess(pid) : null;
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long clientCpu = -os.getProcessCpuTime();
        long serverCpu = process == null ? 0 : -process.cpuNanos();
        long start = System.nanoTime();
        double seconds = LmtpLoad.measure(server, connections, messages);
        long wall = System.nanoTime() - start;
        clientCpu += os.getProcessCpuTime();
        serverCpu += process == null ? 0 : process.cpuNanos();
        long delivered = (long) connections * messages;
        String line = new JsonLine()
                .put("server", options.getOrDefault("server", "?"))
                .put("mode", options.getOrDefault("label", "lmtp"))
                .put("round", Long.parseLong(options.getOrDefault("round", "1")))
                .put("clients", connections)
                .put("seconds", seconds)
                .put("ops", delivered)
                .put("ops_per_s", delivered / seconds)
                .put("mib_per_s", delivered * (double) LmtpLoad.MESSAGE_OCTETS / seconds / (1 << 20))
                .put("errors", 0)
                .put("refused", 0)
                .put("client_cpu_s", clientCpu / 1e9)
                .put("server_cpu_s", serverCpu / 1e9)
                .put("client_cpu_share", clientCpu / (double) wall)
                .put("client_vs_server_cpu", serverCpu == 0 ? Double.NaN : clientCpu / (double) serverCpu)
                .toString();
        System.out.println(line);
        String results = options.get("results");
        if (results != null) {
            Files.writeString(Path.of(results), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }
}
