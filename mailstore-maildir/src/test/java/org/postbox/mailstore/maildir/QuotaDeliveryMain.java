package org.postbox.mailstore.maildir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MessageSource;
import org.postbox.mailstore.conformance.QuotaContract;

/**
 * Another process delivering into the same tree, for {@link MaildirQuotaTest}. Arguments: base
 * directory, mailbox address, first message number, number of messages. Prints {@code READY},
 * waits for a line on stdin so that every process starts together, delivers, and prints
 * {@code DELIVERED <n>}.
 */
public final class QuotaDeliveryMain {

    private QuotaDeliveryMain() {
    }

    public static void main(String[] args) throws Exception {
        MailboxAddress address = MailboxAddress.parse(args[1]);
        int first = Integer.parseInt(args[2]);
        int count = Integer.parseInt(args[3]);
        try (MaildirStore store = new MaildirStore(MaildirSettings.parse(Map.of("path", "mail", "fsync", false),
                Path.of(args[0])))) {
            System.out.println("READY");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine();
            int delivered = 0;
            for (int n = first; n < first + count; n++) {
                List<DeliveryOutcome> outcome = store.deliver(List.of(address), MessageSource.of(QuotaContract.sized(n)));
                if (outcome.get(0) instanceof DeliveryOutcome.Delivered) {
                    delivered++;
                } else if (!(outcome.get(0) instanceof DeliveryOutcome.OverQuota)) {
                    System.out.println("ERROR " + outcome.get(0));
                }
            }
            System.out.println("DELIVERED " + delivered);
        }
    }
}
