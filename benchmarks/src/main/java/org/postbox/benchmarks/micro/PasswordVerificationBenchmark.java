package org.postbox.benchmarks.micro;

import java.util.Map;
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
import org.postbox.password.PasswordSchemes;

/**
 * One password check per scheme: what a login costs before any cache, the deliberately slow
 * schemes included. The stored values are hashes of {@code secret} written by Dovecot's
 * {@code doveadm pw -s SCHEME}, so the benchmark also shows that Postbox reads what Dovecot writes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class PasswordVerificationBenchmark {

    private static final Map<String, String> STORED = Map.of(
            "ARGON2ID", "{ARGON2ID}$argon2id$v=19$m=65536,t=3,p=1$BFHUtEr51Nl4GjFcNEaW0w$U5cXA/kgQ9L0WYaKzYdTF/vhSGN2KVHT1eXwvJhbsZE",
            "SHA512-CRYPT", "{SHA512-CRYPT}$6$967Zj8o7QU41ELQN$niqNj5dBhpKBDh4wE0VUtecHpKZ4yLU/VsER5GZfv0gZ.gEf1y4PYNyFBhRNdtT//gW1O8q.7QNviLY7f.6Ku1",
            "BLF-CRYPT", "{BLF-CRYPT}$2y$05$GreTBtFQQG5tEKVnV3bnX.OvqsGYPVAlBowYc8Klom3Ikrtzqza/O",
            "MD5-CRYPT", "{MD5-CRYPT}$1$8fUYUsx1$5e9rT5wkqwYK4kIGX8xw5/",
            "SSHA512", "{SSHA512}7fJGnhBLYzLOH9+ldL773NgS4Ne0IRkfPCYAqc4LezjOSwKCpPS5mrF4Motjqj6GPuR6RsZSvjRkupFro7M1rXeObzU=",
            "SCRAM-SHA-256", "{SCRAM-SHA-256}4096,hG41cySARyDYbm9i2re8Cg==,VDBBzqOUJHes1oRvHbag3LdDbViH6Vtdf29QLksoSnw=,"
                    + "iKvyvOMTUUFliXvkYDdFbmYrDU1Tzyu5viUDhJhTrck=",
            "PLAIN", "{PLAIN}secret");

    @Param({"ARGON2ID", "SHA512-CRYPT", "BLF-CRYPT", "MD5-CRYPT", "SSHA512", "SCRAM-SHA-256", "PLAIN"})
    public String scheme;

    private String stored;

    @Setup
    public void setUp() {
        stored = STORED.get(scheme);
        if (!PasswordSchemes.verify(stored, "secret")) {
            throw new IllegalStateException(scheme + ": the stored hash does not verify");
        }
    }

    @Benchmark
    public boolean verify() {
        return PasswordSchemes.verify(stored, "secret");
    }
}
