package org.postbox.system;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Password hashes as Dovecot's own {@code doveadm pw} makes them, in its {@code {SCHEME}} syntax. */
final class Doveadm {

    private Doveadm() {
    }

    static String hash(String scheme, String password, Path logs) {
        // -c /dev/null: the system's Dovecot configuration is not needed, and may not be readable.
        ChildProcess.Finished run = ChildProcess.run(List.of(Peer.DOVEADM.path().toString(), "-c", "/dev/null", "pw",
                "-s", scheme, "-p", password), logs, Map.of(), logs, "doveadm-pw", Duration.ofSeconds(60));
        String hash = run.out().strip();
        if (run.exitCode() != 0 || !hash.startsWith("{" + scheme + "}")) {
            throw new AssertionError("doveadm pw -s " + scheme + " failed: " + run.describe());
        }
        return hash;
    }
}
