package org.postbox.mailstore.maildir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.BitSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the messages a snapshot found in {@code new/} to {@code cur/}, as Dovecot does when it opens
 * a mailbox: {@code new/<name>} becomes {@code cur/<name>:2,} ({@link Maildir#nameInCur}), so that
 * the base name, and with it the UIDL, stays. {@code new/} then holds only what arrived since the
 * last login, which lists in no time, and {@code cur/} changes by these renames, which the index
 * records ({@link MaildropScan}). The caller holds the maildrop lock.
 *
 * <p>Nothing is lost or shown twice: a rename is atomic, so another reader (Dovecot, a second
 * Postbox on the tree) finds the message in {@code new/} or in {@code cur/} at every moment, and a
 * message whose rename cannot be made stays where it was listed:
 * <ul>
 * <li>gone from {@code new/}: another agent moved it on (Dovecot, with flags of its own) or deleted
 *     it; the snapshot finds it by base name ({@link Maildir#locate}) or reports it vanished;
 * <li>its name in {@code cur/} taken: that file is never replaced, and the two count once, by base name;
 * <li>any other failure (read-only tree, permissions): the move stops and the rest waits for the
 *     next login, where it is listed in {@code new/} as before.
 * </ul>
 * The move goes through the snapshot one message at a time and keeps one bit per message: a first
 * login to a million messages in {@code new/} costs no more memory than its snapshot.
 */
final class MoveToCur {

    private static final Logger LOG = LoggerFactory.getLogger(MoveToCur.class);

    /** What happens just before each rename: nothing, except where a test plays another agent. */
    interface BeforeRename {
        BeforeRename NOTHING = (source, target) -> { };

        void run(Path source, Path target) throws IOException;
    }

    /**
     * @param moved       by message number (from 0): the messages now in {@code cur/} under {@link Maildir#nameInCur}
     * @param undisturbed {@code cur/} had the expected stamp just before the first rename, and every
     *                    rename was made: nothing suggests that another agent worked on the folders
     */
    record Outcome(BitSet moved, boolean undisturbed) {
    }

    private final BeforeRename beforeRename;

    MoveToCur() {
        this(BeforeRename.NOTHING);
    }

    MoveToCur(BeforeRename beforeRename) {
        this.beforeRename = beforeRename;
    }

    /** Moves the snapshot's messages in {@code new/}; {@code curStamp} is what {@code cur/} had when the snapshot was taken. */
    Outcome run(Maildir maildir, MaildropSnapshot snapshot, FolderStamp curStamp) {
        BitSet moved = new BitSet();
        boolean undisturbed = true;
        boolean first = true;
        Path newFolder = maildir.folder(Maildir.NEW);
        Path curFolder = maildir.folder(Maildir.CUR);
        for (int n = 0; n < snapshot.size(); n++) {
            if (snapshot.inCur(n)) {
                continue;
            }
            String name = snapshot.name(n);
            Path source = newFolder.resolve(name);
            Path target = curFolder.resolve(Maildir.nameInCur(name));
            try {
                beforeRename.run(source, target);
                if (first) {
                    // A change made before the renames would hide under the stamp they leave.
                    undisturbed = FolderStamp.of(curFolder).equals(curStamp);
                    first = false;
                }
                // rename(2) would replace the target: a file of that name, whoever put it there, stays.
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    LOG.debug("{} is in cur/ already; {} stays in new/", target.getFileName(), name);
                    undisturbed = false;
                    continue;
                }
                Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
                moved.set(n);
            } catch (NoSuchFileException e) {
                undisturbed = false;
            } catch (IOException e) {
                LOG.warn("cannot move {} from new/ to cur/ in {}; the rest stays in new/: {}", name, maildir.path(),
                        e.toString());
                return new Outcome(moved, false);
            }
        }
        return new Outcome(moved, undisturbed);
    }
}
