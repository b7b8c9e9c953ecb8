package org.postbox.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.stream.Stream;

import com.sun.security.auth.module.UnixSystem;

/**
 * The system user that mail files belong to while Dovecot and getmail work on them. Neither
 * touches mail as root: as root (as on CI) it is Debian's {@code mail} user, otherwise the user
 * running the tests.
 */
record MailUser(String name, String group, boolean testsRunAsRoot) {

    static MailUser forThisRun() {
        UnixSystem self = new UnixSystem();
        if (self.getUid() == 0) {
            return new MailUser("mail", "mail", true);
        }
        return new MailUser(self.getUsername(), groupName(self.getGid()), false);
    }

    /** Makes {@code tree} this user's, with directories everyone may traverse. */
    void own(Path tree) {
        try {
            UserPrincipalLookupService lookup = tree.getFileSystem().getUserPrincipalLookupService();
            UserPrincipal user = lookup.lookupPrincipalByName(name);
            GroupPrincipal group = lookup.lookupPrincipalByGroupName(this.group);
            try (Stream<Path> paths = Files.walk(tree)) {
                for (Path path : paths.toList()) {
                    PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
                    view.setOwner(user);
                    view.setGroup(group);
                    if (Files.isDirectory(path)) {
                        view.setPermissions(PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give " + tree + " to " + name, e);
        }
    }

    /** Opens {@code directory} to every user for reading and traversal (JUnit makes temporary directories private). */
    static void openToAll(Path directory) {
        try {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String groupName(long gid) {
        try (Stream<String> lines = Files.lines(Path.of("/etc/group"))) {
            return lines.map(line -> line.split(":", -1))
                    .filter(fields -> fields.length > 2 && fields[2].equals(Long.toString(gid)))
                    .map(fields -> fields[0]).findFirst().orElse(Long.toString(gid));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
