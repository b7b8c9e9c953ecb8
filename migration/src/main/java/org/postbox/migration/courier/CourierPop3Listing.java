package org.postbox.migration.courier;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import org.postbox.migration.MaildirFileName;
import org.postbox.migration.UidlOutcome;

/**
 * What Courier's POP3 server lists for a Maildir at its next login (pop3dserver.c): every message
 * file, in Courier's order (by the number the file name starts with, then by the name up to its
 * colon, octet by octet), each with the UIDL and size of its {@code courierpop3dsizelist} line; a
 * file without a line gets the next number under the list's validity, in that order, as Courier
 * would give it. Clients have never seen the UIDL of such a message, which {@link Message#listed()}
 * tells.
 */
public final class CourierPop3Listing {

    /** Courier's order of message file names (its {@code cmpmsgs}). */
    public static final Comparator<String> ORDER = CourierPop3Listing::compare;

    /**
     * One message of the listing.
     *
     * @param fileName the message's file name
     * @param uidl     its UIDL
     * @param size     its POP3 size when the list has it
     * @param listed   whether the list has it (and clients may have seen its UIDL)
     */
    public record Message(String fileName, UidlOutcome uidl, OptionalLong size, boolean listed) {
        public Message {
            Objects.requireNonNull(fileName, "fileName");
            Objects.requireNonNull(uidl, "uidl");
            Objects.requireNonNull(size, "size");
        }
    }

    private CourierPop3Listing() {
    }

    /**
     * The listing of a Maildir whose {@code cur/} and {@code new/} hold {@code fileNames}, with
     * its size list when it has one. Without a list no message has been listed yet, and Courier
     * would number them under a validity taken from the clock, so they get no UIDL here.
     */
    public static List<Message> list(Optional<CourierSizeList> sizeList, Collection<String> fileNames) {
        List<String> files = new ArrayList<>(fileNames);
        files.sort(ORDER);
        long nextUid = sizeList.map(CourierSizeList::nextUid).orElse(1L);
        List<Message> messages = new ArrayList<>(files.size());
        for (String file : files) {
            Optional<SizeListEntry> entry = sizeList.flatMap(list -> list.entry(MaildirFileName.baseName(file)));
            if (entry.isPresent()) {
                messages.add(new Message(file, entry.get().uidl(), OptionalLong.of(entry.get().size()), true));
            } else if (sizeList.isPresent()) {
                long validity = sizeList.get().uidValidity();
                long uid = nextUid++;
                messages.add(new Message(file, UidlOutcome.of(validity != 0 ? "UID" + uid + "-" + validity : "UID" + uid),
                        OptionalLong.empty(), false));
            } else {
                messages.add(new Message(file, new UidlOutcome.Unavailable(
                        "the Maildir has no " + CourierSizeList.FILE_NAME + ": Courier has never listed it"),
                        OptionalLong.empty(), false));
            }
        }
        return messages;
    }

    private static int compare(String a, String b) {
        long na = leadingNumber(a);
        long nb = leadingNumber(b);
        if (na != nb) {
            return na < nb ? -1 : 1;
        }
        // Courier compares C chars, which are signed on the machines it runs on.
        byte[] x = a.getBytes(StandardCharsets.UTF_8);
        byte[] y = b.getBytes(StandardCharsets.UTF_8);
        int i = 0;
        while (i < x.length || i < y.length) {
            byte cx = i < x.length ? x[i] : 0;
            byte cy = i < y.length ? y[i] : 0;
            if (cx == ':' && cy == ':') {
                break;
            }
            if (cx != cy) {
                return cx < cy ? -1 : 1;
            }
            i++;
        }
        return 0;
    }

    /** C's {@code atol}: the decimal number at the start of the name, 0 if there is none. */
    private static long leadingNumber(String name) {
        long n = 0;
        for (int i = 0; i < name.length() && i < 18; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
