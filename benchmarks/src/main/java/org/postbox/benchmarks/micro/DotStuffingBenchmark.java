package org.postbox.benchmarks.micro;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.postbox.pop3.protocol.DotStuffingEncoder;

/**
 * The RETR encoder: a stored message with LF line ends (some lines starting with a dot) turned
 * into CRLF, dot-stuffed and terminated, in the 8 KiB chunks the session reads from the store.
 * One operation is one whole message; multiply by {@code size} for octets per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DotStuffingBenchmark {

    private static final int CHUNK = 8192;

    @Param({"4096", "1048576"})
    public int size;

    private byte[] message;
    private byte[] out;

    @Setup
    public void setUp() {
        message = new byte[size];
        int column = 0;
        int line = 0;
        for (int i = 0; i < size; i++) {
            if (column == 72) {
                message[i] = '\n';
                column = 0;
                line++;
            } else {
                message[i] = column == 0 && line % 40 == 0 ? (byte) '.' : (byte) ('a' + (i % 26));
                column++;
            }
        }
        out = new byte[DotStuffingEncoder.maxEncodedLength(CHUNK) + DotStuffingEncoder.MAX_FINISH_LENGTH];
    }

    @Benchmark
    public long encodeMessage() {
        DotStuffingEncoder encoder = new DotStuffingEncoder();
        long written = 0;
        for (int offset = 0; offset < message.length; offset += CHUNK) {
            written += encoder.encode(message, offset, Math.min(CHUNK, message.length - offset), out, 0);
        }
        return written + encoder.finish(out, 0);
    }
}
