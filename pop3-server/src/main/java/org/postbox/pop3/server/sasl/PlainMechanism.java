package org.postbox.pop3.server.sasl;

import java.util.Optional;
import org.postbox.mailstore.MailboxAddress;

/**
 * PLAIN (RFC 4616): user name and password in one message, with or without an initial response.
 * The authorization identity must be empty or name the same mailbox: nobody logs in as someone else.
 *
 * <pre>
 * C: AUTH PLAIN
 * S: +
 * C: AGFsaWNlQGV4YW1wbGUuY29tAHNlY3JldA==
 * S: +OK alice@example.com has 2 messages (320 octets)
 * </pre>
 */
final class PlainMechanism implements SaslMechanism {

    @Override
    public String name() {
        return "PLAIN";
    }

    @Override
    public boolean sendsReusableSecret() {
        return true;
    }

    @Override
    public SaslExchange start(SaslContext context) {
        return response -> {
            Optional<PlainMessage> message = PlainMessage.parse(response);
            if (message.isEmpty()) {
                return Steps.malformed("PLAIN");
            }
            Optional<MailboxAddress> mailbox = context.mailbox(message.get().authenticationId());
            String authzid = message.get().authorizationId();
            if (!authzid.isEmpty() && (mailbox.isEmpty() || !context.mailbox(authzid).equals(mailbox))) {
                return Steps.now(SaslStep.Failed.protocol("logging in as another user is not supported"));
            }
            return context.checkPassword(mailbox, context.password(message.get().password()), name())
                    .thenApply(Steps::of);
        };
    }
}
