package org.postbox.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.List;
import org.postbox.mailstore.DomainQuotaReport;
import org.postbox.mailstore.MailboxQuotaReport;

/** The {@code --json} form of list and show output: one JSON value on one line. */
final class JsonOutput {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** {@code {"domain":"example.com","mailboxes":2}} */
    record DomainEntry(String domain, int mailboxes) {
    }

    /** {@code {"address":"alice@example.com","messages":3,"octets":1234}} */
    record MailboxEntry(String address, int messages, long octets) {
    }

    /** A mailbox's quota; limits of 0 are unlimited. */
    record MailboxQuotaEntry(String address, long messages, long octets, long maxMessages, long maxOctets) {
        static MailboxQuotaEntry of(MailboxQuotaReport report) {
            return new MailboxQuotaEntry(report.address().toString(), report.usage().messages(),
                    report.usage().storedOctets(), report.limit().messages(), report.limit().storageOctets());
        }
    }

    /** A domain's quota; limits of 0 are unlimited. */
    record DomainQuotaEntry(String domain, int mailboxes, int maxMailboxes, long messages, long octets, long maxOctets) {
        static DomainQuotaEntry of(DomainQuotaReport report) {
            return new DomainQuotaEntry(report.domain(), report.mailboxes(), report.limit().mailboxes(),
                    report.usage().messages(), report.usage().storedOctets(), report.limit().storageOctets());
        }
    }

    /** A new app password, the only time its password is shown. */
    record NewAppPassword(String address, String name, String password, String created) {
    }

    /** {@code {"name":"phone","created":"2025-11-22T01:18:00Z"}} */
    record AppPasswordEntry(String name, String created) {
    }

    /** A domain's quota with its mailboxes'. */
    record DomainQuotaDetail(DomainQuotaEntry domain, List<MailboxQuotaEntry> mailboxes) {
    }

    private JsonOutput() {
    }

    static void print(PrintWriter out, Object value) {
        try {
            // Written as a string: Jackson would otherwise close the command's output writer.
            out.println(MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the output as JSON", e);
        }
        out.flush();
    }
}
