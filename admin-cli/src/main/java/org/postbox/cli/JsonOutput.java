package org.postbox.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.List;

/** The {@code --json} form of list output: one JSON array on one line. */
final class JsonOutput {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** {@code {"domain":"example.com","mailboxes":2}} */
    record DomainEntry(String domain, int mailboxes) {
    }

    /** {@code {"address":"alice@example.com","messages":3,"octets":1234}} */
    record MailboxEntry(String address, int messages, long octets) {
    }

    private JsonOutput() {
    }

    static void print(PrintWriter out, List<?> entries) {
        try {
            // Written as a string: Jackson would otherwise close the command's output writer.
            out.println(MAPPER.writeValueAsString(entries));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write list output as JSON", e);
        }
        out.flush();
    }
}
