package org.postbox.system;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A program from Debian's packages that these tests drive. They need every one of them: .ci/run
 * installs the packages (its peers table names the same programs), and a missing one fails the
 * test with the package to install rather than skipping what the test is there to prove; only
 * where a test asks {@link #installed()} first may it skip instead.
 */
enum Peer {
    DOVECOT("/usr/sbin/dovecot", "dovecot-core"),
    DOVEADM("/usr/bin/doveadm", "dovecot-core"),
    DOVECOT_POP3("/usr/lib/dovecot/pop3", "dovecot-pop3d"),
    DOVECOT_LMTP("/usr/lib/dovecot/lmtp", "dovecot-lmtpd"),
    FETCHMAIL("fetchmail", "fetchmail"),
    MPOP("mpop", "mpop"),
    GETMAIL("getmail", "getmail6"),
    PYTHON("python3", "python3"),
    SWAKS("swaks", "swaks");

    private final String program;
    private final String debianPackage;

    Peer(String program, String debianPackage) {
        this.program = program;
        this.debianPackage = debianPackage;
    }

    /** The program's path; fails the test, naming the package, when it is not installed. */
    Path path() {
        return find().orElseThrow(() -> new AssertionError(program + " is not installed: these tests need the Debian package "
                + debianPackage + " (apt-get install " + debianPackage + "; .ci/run installs it)"));
    }

    boolean installed() {
        return find().isPresent();
    }

    private Optional<Path> find() {
        if (program.startsWith("/")) {
            return Optional.of(Path.of(program)).filter(Files::isExecutable);
        }
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin:/usr/bin:/sbin:/bin";
        for (String entry : path.split(File.pathSeparator)) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, program))) {
                return Optional.of(Path.of(entry, program));
            }
        }
        return Optional.empty();
    }
}
