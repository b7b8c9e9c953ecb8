package org.postbox.pop3.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** AUTH (RFC 5034), UTF8 and LANG (RFC 6856) as {@link CommandParser} reads them. */
class ExtensionCommandsTest {

    static Stream<Arguments> lines() {
        return Stream.of(
                arguments("AUTH PLAIN", new Pop3Command.Auth("PLAIN", Optional.empty())),
                arguments("auth scram-sha-256", new Pop3Command.Auth("SCRAM-SHA-256", Optional.empty())),
                arguments("AUTH PLAIN AGFsaWNlAHNlY3JldA==", new Pop3Command.Auth("PLAIN", Optional.of("AGFsaWNlAHNlY3JldA=="))),
                arguments("AUTH PLAIN =", new Pop3Command.Auth("PLAIN", Optional.of("="))),
                arguments("AUTH  X_OAUTH-2   dGVzdA==  ", new Pop3Command.Auth("X_OAUTH-2", Optional.of("dGVzdA=="))),
                arguments("AUTH", invalid("AUTH", "AUTH needs a mechanism name; CAPA lists them on the SASL line")),
                arguments("AUTH PLAIN a b", invalid("AUTH", "too many arguments to AUTH")),
                arguments("AUTH PL@IN", invalid("AUTH", "invalid SASL mechanism name")),
                arguments("AUTH ABCDEFGHIJKLMNOPQRSTU", invalid("AUTH", "invalid SASL mechanism name")),
                arguments("AUTH PLAIN dGVzdA", invalid("AUTH", "the initial response is not valid base64")),
                arguments("AUTH PLAIN dGVzdB==", invalid("AUTH", "the initial response is not valid base64")),
                arguments("AUTH PLAIN *", invalid("AUTH", "the initial response is not valid base64")),
                arguments("UTF8", new Pop3Command.Utf8()),
                arguments("utf8 now", invalid("UTF8", "too many arguments to UTF8")),
                arguments("LANG", new Pop3Command.Lang(Optional.empty())),
                arguments("LANG *", new Pop3Command.Lang(Optional.of("*"))),
                arguments("LANG EN", new Pop3Command.Lang(Optional.of("en"))),
                arguments("LANG i-default", new Pop3Command.Lang(Optional.of("i-default"))),
                arguments("LANG de-CH-1996", new Pop3Command.Lang(Optional.of("de-ch-1996"))),
                arguments("LANG en us", invalid("LANG", "too many arguments to LANG")),
                arguments("LANG 1en", invalid("LANG", "invalid language range")),
                arguments("LANG en-", invalid("LANG", "invalid language range")),
                arguments("LANG abcdefghi", invalid("LANG", "invalid language range")),
                arguments("LANG en_US", invalid("LANG", "invalid language range")));
    }

    @ParameterizedTest
    @MethodSource("lines")
    void parses(String line, Pop3Request expected) {
        assertThat(CommandParser.parse(line)).isEqualTo(expected);
    }

    @Test
    void theInitialResponseStaysOutOfToString() {
        assertThat(CommandParser.parse("AUTH PLAIN AGFsaWNlAHNlY3JldA==").toString())
                .doesNotContain("AGFsaWNl").contains("PLAIN");
    }

    private static InvalidRequest invalid(String keyword, String reason) {
        return new InvalidRequest(keyword, reason);
    }
}
