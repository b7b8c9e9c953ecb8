package org.postbox.pop3.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postbox.pop3.protocol.Pop3Command.Apop;
import org.postbox.pop3.protocol.Pop3Command.Capa;
import org.postbox.pop3.protocol.Pop3Command.Dele;
import org.postbox.pop3.protocol.Pop3Command.List;
import org.postbox.pop3.protocol.Pop3Command.Noop;
import org.postbox.pop3.protocol.Pop3Command.Pass;
import org.postbox.pop3.protocol.Pop3Command.Quit;
import org.postbox.pop3.protocol.Pop3Command.Retr;
import org.postbox.pop3.protocol.Pop3Command.Rset;
import org.postbox.pop3.protocol.Pop3Command.Stat;
import org.postbox.pop3.protocol.Pop3Command.Top;
import org.postbox.pop3.protocol.Pop3Command.Uidl;
import org.postbox.pop3.protocol.Pop3Command.User;

class CommandParserTest {

    static Stream<Arguments> lines() {
        return Stream.of(
                // USER
                arguments("USER alice", new User("alice")),
                arguments("user alice@example.com", new User("alice@example.com")),
                arguments("UsEr  alice   ", new User("alice")),
                arguments("USER Ålice", new User("Ålice")),
                arguments("USER", invalid("USER", "USER needs a mailbox name")),
                arguments("USER   ", invalid("USER", "USER needs a mailbox name")),
                arguments("USER alice bob", invalid("USER", "too many arguments to USER")),
                // PASS: the rest of the line, verbatim
                arguments("PASS secret", new Pass("secret")),
                arguments("pass correct horse battery", new Pass("correct horse battery")),
                arguments("PASS  lead and trail ", new Pass(" lead and trail ")),
                arguments("PASS  ", new Pass(" ")),
                arguments("PASS pässwörd", new Pass("pässwörd")),
                arguments("PASS", invalid("PASS", "PASS needs a password")),
                arguments("PASS ", invalid("PASS", "PASS needs a password")),
                // APOP
                arguments("APOP mrose c4c9334bac560ecc979e58001b3e22fb",
                        new Apop("mrose", "c4c9334bac560ecc979e58001b3e22fb")),
                arguments("apop  mrose   digest  ", new Apop("mrose", "digest")),
                arguments("APOP", invalid("APOP", "APOP needs a mailbox name and a digest")),
                arguments("APOP mrose", invalid("APOP", "APOP needs a mailbox name and a digest")),
                arguments("APOP a b c", invalid("APOP", "too many arguments to APOP")),
                // commands without arguments
                arguments("QUIT", new Quit()),
                arguments("quit ", new Quit()),
                arguments("QUIT now", invalid("QUIT", "too many arguments to QUIT")),
                arguments("STAT", new Stat()),
                arguments("stat", new Stat()),
                arguments("STAT 1", invalid("STAT", "too many arguments to STAT")),
                arguments("NOOP", new Noop()),
                arguments("NOOP x", invalid("NOOP", "too many arguments to NOOP")),
                arguments("RSET", new Rset()),
                arguments("RSET 1", invalid("RSET", "too many arguments to RSET")),
                arguments("CAPA", new Capa()),
                arguments("Capa", new Capa()),
                arguments("CAPA x", invalid("CAPA", "too many arguments to CAPA")),
                // LIST and UIDL: an optional message number
                arguments("LIST", new List(OptionalInt.empty())),
                arguments("LIST 2", new List(OptionalInt.of(2))),
                arguments("list   2  ", new List(OptionalInt.of(2))),
                // 0 names no message: the command says so, as for any number that names none
                arguments("LIST 0", new List(OptionalInt.of(0))),
                arguments("LIST x", invalid("LIST", "invalid message number 'x'")),
                arguments("LIST 1 2", invalid("LIST", "too many arguments to LIST")),
                arguments("UIDL", new Uidl(OptionalInt.empty())),
                arguments("UIDL 7", new Uidl(OptionalInt.of(7))),
                arguments("UIDL -7", invalid("UIDL", "invalid message number '-7'")),
                arguments("UIDL 1 2", invalid("UIDL", "too many arguments to UIDL")),
                // RETR and DELE: exactly one message number
                arguments("RETR 1", new Retr(1)),
                arguments("retr 007", new Retr(7)),
                arguments("RETR 2147483647", new Retr(Integer.MAX_VALUE)),
                arguments("RETR", invalid("RETR", "RETR needs a message number")),
                arguments("RETR 1x", invalid("RETR", "invalid message number '1x'")),
                arguments("RETR -1", invalid("RETR", "invalid message number '-1'")),
                arguments("RETR 0", new Retr(0)),
                arguments("RETR +1", invalid("RETR", "invalid message number '+1'")),
                // past any maildrop: taken as the largest number, which names no message either
                arguments("RETR 2147483648", new Retr(Integer.MAX_VALUE)),
                arguments("RETR 99999999999999999999", new Retr(Integer.MAX_VALUE)),
                arguments("RETR \u0661", invalid("RETR", "invalid message number '\u0661'")),
                arguments("RETR 1 2", invalid("RETR", "too many arguments to RETR")),
                arguments("DELE 3", new Dele(3)),
                arguments("DELE", invalid("DELE", "DELE needs a message number")),
                arguments("DELE x", invalid("DELE", "invalid message number 'x'")),
                arguments("DELE 1 2", invalid("DELE", "too many arguments to DELE")),
                // TOP: a message number and a line count (0 allowed)
                arguments("TOP 1 10", new Top(1, 10)),
                arguments("top 1 0", new Top(1, 0)),
                arguments("TOP  1   0  ", new Top(1, 0)),
                arguments("TOP", invalid("TOP", "TOP needs a message number and a line count")),
                arguments("TOP 1", invalid("TOP", "TOP needs a message number and a line count")),
                arguments("TOP x 1", invalid("TOP", "invalid message number 'x'")),
                arguments("TOP 0 1", new Top(0, 1)),
                arguments("TOP 1 x", invalid("TOP", "invalid line count 'x'")),
                arguments("TOP 1 -1", invalid("TOP", "invalid line count '-1'")),
                arguments("TOP 1 +1", invalid("TOP", "invalid line count '+1'")),
                arguments("TOP 1 2147483648", invalid("TOP", "invalid line count '2147483648'")),
                arguments("TOP 1 2 3", invalid("TOP", "too many arguments to TOP")),
                // unknown, empty and malformed lines
                arguments("FOO", invalid("FOO", "unknown command FOO")),
                arguments("foo bar", invalid("FOO", "unknown command FOO")),
                arguments("STLS", new Pop3Command.Stls()),
                arguments("STLS x", invalid("STLS", "too many arguments to STLS")),
                arguments("RETRX 1", invalid("RETRX", "unknown command RETRX")),
                arguments("ſtat", invalid("ſTAT", "unknown command ſTAT")),
                arguments("", invalid("", "empty command line")),
                arguments("   ", invalid("", "empty command line")),
                arguments(" STAT", invalid("", "command line starts with a space")),
                arguments("USER al\u0000ice", invalid("USER", "command line contains a control character")),
                arguments("PASS se\rcret", invalid("PASS", "command line contains a control character")),
                arguments("PASS tab\there", invalid("PASS", "command line contains a control character")),
                arguments("ST\u007fAT", invalid("", "command line contains a control character")));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @MethodSource("lines")
    void parses(String line, Pop3Request expected) {
        assertThat(CommandParser.parse(line)).isEqualTo(expected);
    }

    @Test
    void everyKeywordIsCaseInsensitive() {
        for (String keyword : new String[] {"QUIT", "STAT", "NOOP", "RSET", "CAPA", "LIST", "UIDL"}) {
            Pop3Request upper = CommandParser.parse(keyword);
            assertThat(upper).isInstanceOf(Pop3Command.class);
            assertThat(((Pop3Command) upper).keyword()).isEqualTo(keyword);
            assertThat(CommandParser.parse(keyword.toLowerCase(java.util.Locale.ROOT))).isEqualTo(upper);
        }
    }

    @Test
    void passwordIsNotShownByToString() {
        assertThat(CommandParser.parse("PASS hunter2").toString()).doesNotContain("hunter2");
    }

    private static InvalidRequest invalid(String keyword, String reason) {
        return new InvalidRequest(keyword, reason);
    }
}
