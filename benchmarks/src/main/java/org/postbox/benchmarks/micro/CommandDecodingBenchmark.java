package org.postbox.benchmarks.micro;

import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.filter.codec.ProtocolCodecSession;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.postbox.pop3.protocol.CommandParser;
import org.postbox.pop3.protocol.Pop3Decoder;

/**
 * The POP3 decoder on the path every command takes: octets of a pipelined session (ten commands
 * in one packet, as a client with PIPELINING sends them) framed and parsed into requests, on
 * MINA's codec session without a socket; and the parser alone on one line.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CommandDecodingBenchmark {

    private static final byte[] PIPELINED = ("USER alice@example.com\r\nPASS correct horse battery\r\nSTAT\r\nLIST\r\n"
            + "UIDL 12\r\nRETR 1\r\nDELE 1\r\nNOOP\r\nTOP 3 10\r\nQUIT\r\n").getBytes(StandardCharsets.US_ASCII);

    private Pop3Decoder decoder;
    private ProtocolCodecSession session;

    @Setup
    public void setUp() {
        decoder = new Pop3Decoder(255);
        session = new ProtocolCodecSession();
    }

    /** Ten commands per operation. */
    @Benchmark
    public int decodeTenPipelinedCommands() throws Exception {
        decoder.decode(session, IoBuffer.wrap(PIPELINED), session.getDecoderOutput());
        Queue<Object> decoded = session.getDecoderOutputQueue();
        int count = decoded.size();
        decoded.clear();
        return count;
    }

    @Benchmark
    public Object parseRetrLine() {
        return CommandParser.parse("RETR 17");
    }
}
