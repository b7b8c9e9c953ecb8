package org.postbox.benchmarks.micro;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.maildir.MaildirSettings;
import org.postbox.mailstore.maildir.MaildirStore;
import org.postbox.mailstore.spi.FileTrees;

/**
 * Opening a Maildir maildrop of {@code messages} entries, as a POP3 login does: the lock, the
 * listing of {@code new/} and {@code cur/}, the snapshot of numbers, sizes and unique ids, and
 * the close. The files are tiny, since the listing reads names (with Dovecot's {@code ,S=} and
 * {@code ,W=} sizes), not contents; the page cache is warm.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class MaildropOpenBenchmark {

    @Param({"100000"})
    public int messages;

    private Path root;
    private MaildirStore store;
    private MailboxAddress mailbox;

    @Setup
    public void setUp() throws IOException {
        root = Files.createTempDirectory("maildrop-open-");
        Path cur = Files.createDirectories(root.resolve("mail/bench.example/big/Maildir/cur"));
        Files.createDirectories(cur.resolveSibling("new"));
        Files.createDirectories(cur.resolveSibling("tmp"));
        byte[] content = "Subject: x\n\nx\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int n = 0; n < messages; n++) {
            Files.write(cur.resolve((1_700_000_000L + n) + ".M" + n + "P1Q" + n + ".bench,S=" + content.length
                    + ",W=" + (content.length + 3) + ":2,S"), content);
        }
        Files.writeString(root.resolve("passwd"), "big@bench.example:{PLAIN}secret::::::\n");
        store = new MaildirStore(new MaildirSettings(root.resolve("mail"), root.resolve("passwd"), false));
        mailbox = MailboxAddress.parse("big@bench.example");
    }

    @TearDown
    public void tearDown() throws IOException {
        store.close();
        FileTrees.deleteRecursively(root);
    }

    @Benchmark
    public int openListClose() throws Exception {
        try (Maildrop maildrop = store.open(mailbox)) {
            return maildrop.messages().size();
        }
    }
}
