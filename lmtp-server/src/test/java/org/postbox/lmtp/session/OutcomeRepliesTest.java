package org.postbox.lmtp.session;

import org.junit.jupiter.api.Test;
import org.postbox.lmtp.codec.LmtpEncoder;
import org.postbox.lmtp.codec.LmtpReply;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.MailboxAddress;

import static org.assertj.core.api.Assertions.assertThat;

class OutcomeRepliesTest {

    private static final MailboxAddress ALICE = MailboxAddress.parse("alice@example.com");

    private final OutcomeReplies permanent = new OutcomeReplies(false);
    private final OutcomeReplies temporary = new OutcomeReplies(true);

    @Test
    void mapsEveryVerdict() {
        assertThat(wire(permanent.forRecipient(new RecipientVerdict.Accepted(ALICE), "Alice@example.com")))
                .isEqualTo("250 2.1.5 OK");
        assertThat(wire(permanent.forRecipient(new RecipientVerdict.InvalidAddress("bad"), "x y")))
                .isEqualTo("501 5.1.3 <x y> is not a valid mailbox address");
        assertThat(wire(permanent.forRecipient(new RecipientVerdict.NoSuchMailbox(), "bob@example.com")))
                .isEqualTo("550 5.1.1 <bob@example.com> no such mailbox");
        assertThat(wire(permanent.forRecipient(new RecipientVerdict.Unavailable("down"), "bob@example.com")))
                .isEqualTo("451 4.3.0 <bob@example.com> temporary failure, try again later");
        assertThat(wire(permanent.forRecipient(new RecipientVerdict.Suspended(), "bob@example.com")))
                .isEqualTo("550 5.2.1 <bob@example.com> mailbox is suspended");
        assertThat(wire(permanent.forRecipient(new RecipientVerdict.OverQuota("mailbox storage quota exceeded"),
                "bob@example.com"))).isEqualTo("552 5.2.2 <bob@example.com> mailbox is full");
        assertThat(wire(temporary.forRecipient(new RecipientVerdict.OverQuota("mailbox storage quota exceeded"),
                "bob@example.com"))).isEqualTo("452 4.2.2 <bob@example.com> mailbox is full, try again later");
    }

    @Test
    void mapsEveryDeliveryOutcome() {
        assertThat(wire(permanent.forDelivery(new DeliveryOutcome.Delivered("1.M2P3.host"), ALICE)))
                .isEqualTo("250 2.0.0 <alice@example.com> delivered (1.M2P3.host)");
        assertThat(wire(permanent.forDelivery(new DeliveryOutcome.NoSuchMailbox(), ALICE)))
                .isEqualTo("550 5.1.1 <alice@example.com> no such mailbox");
        assertThat(wire(permanent.forDelivery(new DeliveryOutcome.OverQuota("full"), ALICE)))
                .isEqualTo("552 5.2.2 <alice@example.com> mailbox is full");
        assertThat(wire(temporary.forDelivery(new DeliveryOutcome.OverQuota("full"), ALICE)))
                .isEqualTo("452 4.2.2 <alice@example.com> mailbox is full, try again later");
        assertThat(wire(permanent.forDelivery(new DeliveryOutcome.Suspended(), ALICE)))
                .isEqualTo("550 5.2.1 <alice@example.com> mailbox is suspended");
        assertThat(wire(permanent.forDelivery(new DeliveryOutcome.TemporaryFailure("disk"), ALICE)))
                .isEqualTo("451 4.3.0 <alice@example.com> temporary failure, try again later");
        assertThat(wire(permanent.forDelivery(new DeliveryOutcome.StoreFull("/var/mail: ENOSPC"), ALICE)))
                .isEqualTo("452 4.3.1 <alice@example.com> mail system full, try again later");
    }

    @Test
    void neverEchoesTheStoresReasons() {
        LmtpReply reply = permanent.forDelivery(new DeliveryOutcome.TemporaryFailure("/var/mail/secret/path: EIO"), ALICE);
        assertThat(wire(reply)).doesNotContain("secret");
    }

    @Test
    void sizeRefusals() {
        assertThat(wire(permanent.messageTooLarge(null))).isEqualTo("552 5.3.4 message size exceeds fixed maximum message size");
        assertThat(wire(permanent.messageTooLarge("alice@example.com")))
                .isEqualTo("552 5.3.4 <alice@example.com> message size exceeds fixed maximum message size");
    }

    private static String wire(LmtpReply reply) {
        String text = new String(LmtpEncoder.bytes(reply), java.nio.charset.StandardCharsets.US_ASCII);
        return text.substring(0, text.length() - 2);
    }
}
