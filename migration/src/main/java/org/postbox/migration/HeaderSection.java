package org.postbox.migration;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the header section of a message file line by line, stopping at the empty line that ends
 * it: the body is never read. Lines end with LF, a CR before it is not part of the line (so
 * Maildir files with either line end give the same lines).
 */
public final class HeaderSection {

    /** A header section longer than this is refused: mail servers reject far smaller ones. */
    public static final int MAX_OCTETS = 1024 * 1024;

    /** What to do with each header line; return false to stop reading. */
    @FunctionalInterface
    public interface LineVisitor {
        boolean visit(HeaderLine line);
    }

    private HeaderSection() {
    }

    /**
     * Calls {@code visitor} for each header line of {@code message} in order, until the header
     * section ends or the visitor returns false.
     *
     * @throws IOException when the file cannot be read, or its header section is longer than {@link #MAX_OCTETS}
     */
    public static void read(Path message, LineVisitor visitor) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(message), 16 * 1024)) {
            read(message, in, visitor);
        }
    }

    static void read(Path message, InputStream in, LineVisitor visitor) throws IOException {
        long total = 0;
        String currentName = "";
        String line = readLine(in);
        while (line != null && !line.isEmpty()) {
            total += line.length() + 1;
            if (total > MAX_OCTETS) {
                throw new IOException(message + ": header section longer than " + MAX_OCTETS + " octets");
            }
            String next = readLine(in);
            boolean continues = next != null && !next.isEmpty() && isBlank(next.charAt(0));
            HeaderLine header;
            if (isBlank(line.charAt(0))) {
                header = new HeaderLine(currentName, line, true, continues);
            } else {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    currentName = line;
                    header = new HeaderLine(line, "", false, continues);
                } else {
                    int nameEnd = colon;
                    while (nameEnd > 0 && isBlank(line.charAt(nameEnd - 1))) {
                        nameEnd--;
                    }
                    currentName = line.substring(0, nameEnd);
                    int valueStart = colon + 1;
                    if (valueStart < line.length() && isBlank(line.charAt(valueStart))) {
                        valueStart++;
                    }
                    header = new HeaderLine(currentName, line.substring(valueStart), false, continues);
                }
            }
            if (!visitor.visit(header)) {
                return;
            }
            line = next;
        }
    }

    /** The next line without its line end (and a CR before it), or null at the end of the input. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            out.write(b);
            if (out.size() > MAX_OCTETS) {
                throw new IOException("header line longer than " + MAX_OCTETS + " octets");
            }
        }
        if (b == -1 && out.size() == 0) {
            return null;
        }
        byte[] octets = out.toByteArray();
        int length = octets.length;
        if (length > 0 && octets[length - 1] == '\r') {
            length--;
        }
        return new String(octets, 0, length, StandardCharsets.ISO_8859_1);
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
