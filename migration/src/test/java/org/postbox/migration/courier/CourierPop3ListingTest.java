package org.postbox.migration.courier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.postbox.migration.Fixtures;
import org.postbox.migration.Fixtures.Answer;
import org.postbox.migration.UidlOutcome;

class CourierPop3ListingTest {

    @Test
    void theNextLoginListsWhatCourierListedAfterADeletionAndTwoDeliveries() throws IOException {
        // alice-sizelist-1 is the list before message 2 was deleted and two more arrived; alice.2 is
        // what Courier answered at the login after that.
        Path maildir = Fixtures.courier().resolve("mail/example.com/alice/Maildir");
        CourierSizeList before = CourierSizeList.read(Fixtures.courier().resolve("alice-sizelist-1"));
        List<Answer> answers = Fixtures.answers(Fixtures.courier().resolve("answers/alice.2"));

        List<CourierPop3Listing.Message> listing = CourierPop3Listing.list(Optional.of(before), Fixtures.messageFiles(maildir));

        assertThat(listing).extracting(message -> CourierSizeListTest.uidl(message.uidl()))
                .containsExactlyElementsOf(answers.stream().map(Answer::uidl).toList());
        assertThat(listing).extracting(CourierPop3Listing.Message::listed).containsExactly(true, true, false, false);
        assertThat(listing.get(0).size()).isEqualTo(OptionalLong.of(answers.get(0).size()));
        assertThat(listing.get(1).size()).isEqualTo(OptionalLong.of(answers.get(1).size()));
        assertThat(listing.get(2).size()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource({
            "example.com/alice, mail/example.com/alice/Maildir/courierpop3dsizelist, alice.2",
            "example.org/bob, bob-sizelist-v2, bob.v2",
            "example.com/carol, carol-sizelist-uid0, carol.uid0",
    })
    void listsInCouriersOrder(String user, String list, String answers) throws IOException {
        Path maildir = Fixtures.courier().resolve("mail").resolve(user).resolve("Maildir");
        CourierSizeList sizeList = CourierSizeList.read(Fixtures.courier().resolve(list));

        List<CourierPop3Listing.Message> listing = CourierPop3Listing.list(Optional.of(sizeList), Fixtures.messageFiles(maildir));

        List<Answer> expected = Fixtures.answers(Fixtures.courier().resolve("answers").resolve(answers));
        assertThat(listing).extracting(message -> CourierSizeListTest.uidl(message.uidl()))
                .containsExactlyElementsOf(expected.stream().map(Answer::uidl).toList());
        assertThat(listing).extracting(message -> message.size().orElseThrow())
                .containsExactlyElementsOf(expected.stream().map(Answer::size).toList());
    }

    @Test
    void withoutAListNoMessageHasAUidlYet() {
        List<CourierPop3Listing.Message> listing = CourierPop3Listing.list(Optional.empty(),
                List.of("1700000001.M2P1.host:2,", "1700000000.M9P1.host"));

        assertThat(listing).extracting(CourierPop3Listing.Message::fileName)
                .containsExactly("1700000000.M9P1.host", "1700000001.M2P1.host:2,");
        assertThat(listing).allSatisfy(message -> assertThat(message.uidl()).isInstanceOf(UidlOutcome.Unavailable.class));
    }

    @Test
    void ordersByTheLeadingNumberThenByTheNameUpToItsColon() {
        List<String> names = new java.util.ArrayList<>(List.of("99.b", "100.a", "100.a\"x", "100.a,S=1:2,", "100.a:2,S", "7"));

        names.sort(CourierPop3Listing.ORDER);

        assertThat(names).containsExactly("7", "99.b", "100.a", "100.a\"x", "100.a,S=1:2,", "100.a:2,S");
    }
}
