package org.postbox.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Courier installation's mail as Courier leaves it, written by the test (Debian's courier-pop
 * conflicts with dovecot-pop3d, so no Courier server runs here): a userdb source file, and for
 * each account a Maildir whose messages are in {@code cur/} under the names Courier's
 * deliverquota gives them, with the {@code courierpop3dsizelist} Courier's POP3 server keeps
 * (version 3: {@code <file> <size> <uid>:<uidv>:<utf8>}, none with UTF-8 headers; one message was deleted over POP3 once,
 * so the numbers have a gap) and a Maildir++ {@code maildirsize}. The formats are those of the
 * real Courier files in migration/src/test/resources/courier.
 *
 * @param userdb   the userdb source file
 * @param mailRoot the tree's root: {@code <mail root>/<domain>/<local>/Maildir}
 * @param uidls    per account, the UIDLs Courier's POP3 server lists, in its order
 * @param listing  per address, {@code <number> <uidl> <size>} as Courier answers UIDL and LIST
 */
record CourierTree(Path userdb, Path mailRoot, Map<Account, List<String>> uidls, Map<String, List<String>> listing) {

    /** Every mailbox's Maildir++ quota: 100,000,000 octets and 1,000 messages. */
    static final String QUOTA = "100000000S,1000C";
    /** The UID Courier gave to the message that was deleted before the move. */
    private static final int DELETED_UID = 3;

    static CourierTree write(Path directory, List<SourceMailbox> mailboxes, Path logs) {
        try {
            Path mailRoot = directory.resolve("mail");
            StringBuilder userdb = new StringBuilder();
            Map<Account, List<String>> uidls = new LinkedHashMap<>();
            Map<String, List<String>> listing = new LinkedHashMap<>();
            long uidValidity = 1_700_000_000L;
            for (SourceMailbox mailbox : mailboxes) {
                Account account = mailbox.account();
                uidValidity += 1000;
                Path home = mailRoot.resolve(account.domain()).resolve(account.local());
                Path maildir = home.resolve("Maildir");
                for (String sub : List.of("tmp", "new", "cur")) {
                    Files.createDirectories(maildir.resolve(sub));
                }
                StringBuilder sizeList = new StringBuilder();
                StringBuilder maildirSize = new StringBuilder(QUOTA).append('\n').append(maildirSizeLine(0, 0));
                List<String> accountUidls = new ArrayList<>();
                List<String> accountListing = new ArrayList<>();
                int uid = 0;
                for (int n = 1; n <= mailbox.messages(); n++) {
                    uid = uid + 1 == DELETED_UID ? uid + 2 : uid + 1;
                    byte[] message = TestMessages.beforeTheMove(account, n);
                    long delivered = uidValidity + 60L * n;
                    // Courier's names: <time>.M<microseconds>P<pid>V<device>I<inode>.<host>,S=<size>, then :2,<flags>
                    // once its POP3 server has moved the message to cur/ (S: retrieved).
                    String name = String.format("%d.M%dP%dV000000000000FE00I%016X.mail.example.net,S=%d:2,%s",
                            delivered, 100_000 + n, 30_000 + n, 0x222400L + uid, message.length, n % 2 == 0 ? "S" : "");
                    Files.write(maildir.resolve("cur").resolve(name), message);
                    long crlfSize = crlfSize(message);
                    sizeList.append(name).append(' ').append(crlfSize).append(' ').append(uid).append(':').append(uidValidity)
                            .append(":0\n");
                    maildirSize.append(maildirSizeLine(message.length, 1));
                    String uidl = "UID" + uid + "-" + uidValidity;
                    accountUidls.add(uidl);
                    accountListing.add(n + " " + uidl + " " + crlfSize);
                }
                Files.writeString(maildir.resolve("courierpop3dsizelist"),
                        "/3 " + (uid + 1) + " " + uidValidity + "\n" + sizeList);
                Files.writeString(maildir.resolve("maildirsize"), maildirSize);
                uidls.put(account, accountUidls);
                listing.put(account.address(), accountListing);
                // userdb(8) writes the fields of a line in no particular order; userdbpw -md5 makes MD5-crypt.
                String md5Crypt = Doveadm.hash("MD5-CRYPT", account.password(), logs).substring("{MD5-CRYPT}".length());
                userdb.append(account.address()).append('\t')
                        .append("uid=8|gid=8|home=").append(home).append("|mail=").append(maildir)
                        .append("|systempw=").append(md5Crypt).append("|quota=").append(QUOTA).append('\n');
            }
            Path userdbFile = directory.resolve("userdb");
            Files.writeString(userdbFile, userdb);
            return new CourierTree(userdbFile, mailRoot, uidls, listing);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A line of maildirsize as Courier's deliverquota appends it: two numbers, right-aligned in 12 columns each. */
    private static String maildirSizeLine(long octets, long messages) {
        return String.format("%12d %12d\n", octets, messages);
    }

    /** The size POP3 lists: every LF counted as CRLF. */
    private static long crlfSize(byte[] message) {
        long size = message.length;
        for (byte b : message) {
            if (b == '\n') {
                size++;
            }
        }
        return size;
    }
}
