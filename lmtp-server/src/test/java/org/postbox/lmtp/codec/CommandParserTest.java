package org.postbox.lmtp.codec;

import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CommandParserTest {

    @Test
    void parsesEveryCommand() {
        assertThat(CommandParser.parse("LHLO mx.example.net")).isEqualTo(new LmtpCommand.Lhlo("mx.example.net"));
        assertThat(CommandParser.parse("lhlo [192.0.2.1]")).isEqualTo(new LmtpCommand.Lhlo("[192.0.2.1]"));
        assertThat(CommandParser.parse("MAIL FROM:<bob@example.org>"))
                .isEqualTo(new LmtpCommand.Mail("bob@example.org", OptionalLong.empty(), Optional.empty()));
        assertThat(CommandParser.parse("RCPT TO:<alice@example.com>")).isEqualTo(new LmtpCommand.Rcpt("alice@example.com"));
        assertThat(CommandParser.parse("DATA")).isEqualTo(new LmtpCommand.Data());
        assertThat(CommandParser.parse("RSET")).isEqualTo(new LmtpCommand.Rset());
        assertThat(CommandParser.parse("NOOP")).isEqualTo(new LmtpCommand.Noop());
        assertThat(CommandParser.parse("NOOP anything at all")).isEqualTo(new LmtpCommand.Noop());
        assertThat(CommandParser.parse("QUIT")).isEqualTo(new LmtpCommand.Quit());
        assertThat(CommandParser.parse("VRFY  alice ")).isEqualTo(new LmtpCommand.Vrfy("alice"));
    }

    @Test
    void readsMailParametersInAnyCase() {
        assertThat(CommandParser.parse("mail from:<> size=1200 body=8bitmime"))
                .isEqualTo(new LmtpCommand.Mail("", OptionalLong.of(1200), Optional.of(BodyType.EIGHT_BIT_MIME)));
        assertThat(CommandParser.parse("MAIL FROM:<a@b.example> BODY=7BIT"))
                .isEqualTo(new LmtpCommand.Mail("a@b.example", OptionalLong.empty(), Optional.of(BodyType.SEVEN_BIT)));
    }

    @Test
    void toleratesASpaceAfterTheColonAndDropsSourceRoutes() {
        assertThat(CommandParser.parse("MAIL FROM: <bob@example.org>"))
                .isEqualTo(new LmtpCommand.Mail("bob@example.org", OptionalLong.empty(), Optional.empty()));
        assertThat(CommandParser.parse("RCPT TO:<@relay.example,@[192.0.2.9]:alice@example.com>"))
                .isEqualTo(new LmtpCommand.Rcpt("alice@example.com"));
    }

    @Test
    void keepsQuotedLocalPartsWhole() {
        assertThat(CommandParser.parse("MAIL FROM:<\"john >doe\"@example.org> SIZE=5"))
                .isEqualTo(new LmtpCommand.Mail("\"john >doe\"@example.org", OptionalLong.of(5), Optional.empty()));
    }

    @Test
    void aSizeTooLargeForALongIsTheLargestSize() {
        assertThat(CommandParser.parse("MAIL FROM:<> SIZE=999999999999999999999999"))
                .isEqualTo(new LmtpCommand.Mail("", OptionalLong.of(Long.MAX_VALUE), Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " | ", quoteCharacter = '`', value = {
            "``                                 | ``     | 500 5.5.2 empty command line",
            "` NOOP`                            | ``     | 500 5.5.2 command line starts with a space",
            "FOO bar                            | FOO    | 500 5.5.1 unknown command FOO",
            "HELO mx.example.net                | HELO   | 500 5.5.1 this is LMTP: use LHLO instead of HELO",
            "EHLO mx.example.net                | EHLO   | 500 5.5.1 this is LMTP: use LHLO instead of EHLO",
            "LHLO                               | LHLO   | 501 5.5.4 LHLO needs the client's domain",
            "LHLO a.example b.example           | LHLO   | 501 5.5.4 LHLO takes one domain",
            "LHLO -bad-.example                 | LHLO   | 501 5.5.4 invalid domain in LHLO",
            "MAIL                               | MAIL   | 501 5.5.4 syntax: MAIL FROM:<address> [SIZE=octets] [BODY=7BIT|8BITMIME]",
            "MAIL TO:<a@b.example>              | MAIL   | 501 5.5.4 syntax: MAIL FROM:<address> [SIZE=octets] [BODY=7BIT|8BITMIME]",
            "MAIL FROM:a@b.example              | MAIL   | 501 5.5.4 syntax: MAIL FROM:<address> [SIZE=octets] [BODY=7BIT|8BITMIME]",
            "MAIL FROM:<a@b.example             | MAIL   | 501 5.5.4 syntax: MAIL FROM:<address> [SIZE=octets] [BODY=7BIT|8BITMIME]",
            "MAIL FROM:<a@b.example>SIZE=1      | MAIL   | 501 5.5.4 syntax: MAIL FROM:<address> [SIZE=octets] [BODY=7BIT|8BITMIME]",
            "MAIL FROM:<no-domain>              | MAIL   | 501 5.1.7 invalid sender address",
            "MAIL FROM:<a b@example.org>        | MAIL   | 501 5.1.7 invalid sender address",
            "MAIL FROM:<a..b@example.org>       | MAIL   | 501 5.1.7 invalid sender address",
            "MAIL FROM:<@relay.example>         | MAIL   | 501 5.1.7 invalid sender address",
            "MAIL FROM:<> SIZE                  | MAIL   | 501 5.5.4 SIZE needs a number of octets",
            "MAIL FROM:<> SIZE=12k              | MAIL   | 501 5.5.4 SIZE needs a number of octets",
            "MAIL FROM:<> SIZE=1 SIZE=2         | MAIL   | 501 5.5.4 duplicate SIZE parameter",
            "MAIL FROM:<> BODY=BINARYMIME       | MAIL   | 501 5.5.4 BODY must be 7BIT or 8BITMIME",
            "MAIL FROM:<> SMTPUTF8              | MAIL   | 555 5.5.4 unsupported MAIL parameter SMTPUTF8",
            "MAIL FROM:<> =x                    | MAIL   | 501 5.5.4 invalid MAIL parameter '=x'",
            "RCPT alice@example.com             | RCPT   | 501 5.5.4 syntax: RCPT TO:<address>",
            "RCPT TO:alice@example.com          | RCPT   | 501 5.5.4 syntax: RCPT TO:<address>",
            "RCPT TO:<<a@b.example>>            | RCPT   | 501 5.5.4 syntax: RCPT TO:<address>",
            "RCPT TO:<>                         | RCPT   | 501 5.1.3 invalid recipient address",
            "RCPT TO:<@relay.example>           | RCPT   | 501 5.1.3 invalid recipient address",
            "RCPT TO:<a@b.example> NOTIFY=NEVER | RCPT   | 555 5.5.4 unsupported RCPT parameter NOTIFY",
            "DATA now                           | DATA   | 501 5.5.4 DATA takes no arguments",
            "RSET all                           | RSET   | 501 5.5.4 RSET takes no arguments",
            "QUIT now                           | QUIT   | 501 5.5.4 QUIT takes no arguments",
            "VRFY                               | VRFY   | 501 5.5.4 VRFY needs an argument",
    })
    void answersMalformedCommandsPrecisely(String line, String keyword, String expected) {
        LmtpInput input = CommandParser.parse(line);
        assertThat(input).isInstanceOf(InvalidCommand.class);
        InvalidCommand invalid = (InvalidCommand) input;
        assertThat(invalid.keyword()).isEqualTo(keyword);
        assertThat(invalid.reply().wireLines()).containsExactly(expected);
    }

    @Test
    void refusesControlCharacters() {
        LmtpInput input = CommandParser.parse("NOOP a\u0000b");
        assertThat(input).isEqualTo(new InvalidCommand("NOOP", LmtpReply.of(500, "5.5.2", "command line contains a control character")));
    }

    @Test
    void echoesOnlyTheStartOfALongKeyword() {
        InvalidCommand invalid = (InvalidCommand) CommandParser.parse("X".repeat(100));
        assertThat(invalid.reply().text()).isEqualTo("unknown command " + "X".repeat(32) + "...");
    }
}
