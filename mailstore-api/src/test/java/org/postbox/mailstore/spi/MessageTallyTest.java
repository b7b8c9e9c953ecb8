package org.postbox.mailstore.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.junit.jupiter.api.Test;
import org.postbox.mailstore.CrlfSize;

/** A message counted in pieces counts as it does whole, wherever the pieces break. */
class MessageTallyTest {

    private static final byte[] MAIL = "Subject: x\r\n\nline\rone\n\r\nlast\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void everySplitCountsAsTheWholeMessageDoes() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(MAIL);
        for (int split = 0; split <= MAIL.length; split++) {
            MessageTally tally = new MessageTally(true);
            tally.add(MAIL, 0, split);
            tally.add(MAIL, split, MAIL.length - split);

            assertThat(tally.octets()).isEqualTo(MAIL.length);
            assertThat(tally.crlfOctets()).as("split at %d", split).isEqualTo(CrlfSize.of(MAIL));
            assertThat(tally.digest()).isEqualTo(digest);
        }
    }

    @Test
    void aTallyWithoutDigestHasNone() {
        MessageTally tally = new MessageTally(false);
        tally.add(MAIL, 0, MAIL.length);

        assertThatThrownBy(tally::digest).isInstanceOf(IllegalStateException.class);
    }
}
