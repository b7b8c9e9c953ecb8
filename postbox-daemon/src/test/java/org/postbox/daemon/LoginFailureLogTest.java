package org.postbox.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.MailboxAddress;
import org.slf4j.LoggerFactory;

/**
 * The failed-login line must be matched by fail2ban's stock {@code filter.d/dovecot.conf}
 * (fail2ban 1.0). Its {@code prefregex} and second {@code failregex} are transcribed below with
 * fail2ban's {@code <HOST>}, {@code __prefix_line} (log type "file") and {@code F-} tags expanded
 * into Java syntax; fail2ban applies the prefregex first and the failregex to its content.
 */
class LoginFailureLogTest {
    private static final String DAEMON = "(?:dovecot(?:-auth)?|auth)";
    private static final String DAEMON_RE = "[\\[\\(]?" + DAEMON + "(?:\\(\\S+\\))?[\\]\\)]?:?";
    private static final String PID_RE = "(?:\\[\\d+\\])";
    private static final String PREFIX_LINE = "(?:\\[\\])?\\s*(?:<[^.]+\\.[^.]+>\\s+)?(?:\\S+\\s+)?"
            + "(?:kernel:\\s?\\[ *\\d+\\.\\d+\\]:?\\s+)?(?:@vserver_\\S+\\s+)?"
            + "(?:(?:" + PID_RE + "?:\\s+" + DAEMON_RE + "|" + DAEMON_RE + PID_RE + "?:?)\\s+)?"
            + "(?:\\[ID \\d+ \\S+\\]\\s+)?";
    private static final String AUTH_WORKER = "(?:dovecot: )?auth(?:-worker)?";
    private static final String AUTH_WORKER_INFO =
            "(?:conn \\w+:auth(?:-worker)? \\([^\\)]+\\): auth(?:-worker)?<\\d+>: )?";
    private static final Pattern PREFREGEX = Pattern.compile("^" + PREFIX_LINE
            + "(?:" + AUTH_WORKER + "(?:\\([^\\)]+\\))?: )?"
            + "(?:pam_unix(?:\\(dovecot:auth\\))?: |(?:pop3|imap|managesieve|submission)-login: )?"
            + "(?:Info: )?" + AUTH_WORKER_INFO + "(?<content>.+)$");

    private static final String HOST = "(?:(?:::f{4,6}:)?(?<ip4>(?:\\d{1,3}\\.){3}\\d{1,3})"
            + "|\\[?(?<ip6>(?:[0-9a-fA-F]{1,4}::?|::){1,7}(?:[0-9a-fA-F]{1,4}|(?<=:):))\\]?"
            + "|(?<dns>[\\w\\-.^_]*\\w))";
    private static final String BYPASS_REJECT_REASON = "(?:: (?:\\w+\\([^\\):]*\\) \\w+|[^\\(]+))*";
    private static final Pattern FAILREGEX = Pattern.compile(
            "^(?:Aborted login|Disconnected|Remote closed connection|Client has quit the connection)"
                    + BYPASS_REJECT_REASON
                    + " \\((?:auth failed, \\d+ attempts(?: in \\d+ secs)?|tried to use (?:disabled|disallowed) \\S+ auth"
                    + "|proxy dest auth failed)\\):(?: user=<(?<user>[^>]*)>,)?(?: method=\\S+,)? rip=" + HOST
                    + "(?:[^>]*(?:, session=<\\S+>)?)\\s*$");

    private static final MailboxAddress ALICE = MailboxAddress.parse("alice@example.com");

    /** The banned address as fail2ban would extract it, or empty when the line does not match. */
    private static Optional<String> bannedHost(String lineWithoutDate) {
        Matcher prefix = PREFREGEX.matcher(lineWithoutDate);
        if (!prefix.matches()) {
            return Optional.empty();
        }
        Matcher fail = FAILREGEX.matcher(prefix.group("content"));
        if (!fail.matches()) {
            return Optional.empty();
        }
        assertThat(fail.group("user")).isIn(ALICE.toString(), "");
        return Optional.of(fail.group("ip4") != null ? fail.group("ip4") : fail.group("ip6"));
    }

    @Test
    void lineMatchesTheDovecotFilterForIpv4() {
        String line = LoginFailureLog.line(ALICE, new InetSocketAddress("203.0.113.7", 40000), Optional.of("s-1f"));

        assertThat(line).isEqualTo("pop3-login: Disconnected (auth failed, 1 attempts): user=<alice@example.com>,"
                + " method=PLAIN, rip=203.0.113.7, session=<s-1f>");
        assertThat(bannedHost(line)).contains("203.0.113.7");
    }

    @Test
    void lineMatchesTheDovecotFilterForIpv6WithoutSession() {
        String line = LoginFailureLog.line(ALICE, new InetSocketAddress("2001:db8::7", 40000), Optional.empty());

        assertThat(line).doesNotContain("session=");
        assertThat(bannedHost(line)).contains("2001:db8::7");
    }

    /** Issue 16: Dovecot writes RFC 5952's form, and so do we; Java's own is 0:0:0:0:0:0:0:1. */
    @Test
    void ipv6AddressesAreWrittenInRfc5952Form() {
        assertThat(LoginFailureLog.line(ALICE, new InetSocketAddress("0:0:0:0:0:0:0:1", 40000), Optional.empty()))
                .endsWith(", rip=::1");
        assertThat(LoginFailureLog.line(ALICE, new InetSocketAddress("2001:DB8:0:0:1:0:0:1", 40000), Optional.empty()))
                .endsWith(", rip=2001:db8::1:0:0:1");
    }

    /** Issue 16: a bearer token's failure names the login name asked for and the token's user; the filter still bans. */
    @Test
    void aBearerTokenFailureNamesTheUserAskedForAndTheTokensUser() {
        String line = LoginFailureLog.line(Optional.of(ALICE), Optional.of(MailboxAddress.parse("bob@example.com")),
                "XOAUTH2", new InetSocketAddress("2001:db8::9", 1), Optional.of("s-3"));
        assertThat(line).isEqualTo("pop3-login: Disconnected (auth failed, 1 attempts): user=<alice@example.com>,"
                + " method=XOAUTH2, rip=2001:db8::9, token_user=bob@example.com, session=<s-3>");
        assertThat(bannedHost(line)).contains("2001:db8::9");
    }

    /** Every way to log in writes its mechanism, and the stock filter matches each line. */
    private static final java.util.List<String> METHODS = java.util.List.of("PLAIN", "LOGIN", "SCRAM-SHA-256", "CRAM-MD5",
            "APOP", "OAUTHBEARER", "XOAUTH2");

    @Test
    void linesOfEveryMechanismMatch() {
        for (String method : METHODS) {
            String line = LoginFailureLog.line(Optional.of(ALICE), method, new InetSocketAddress("203.0.113.7", 1),
                    Optional.of("s-1"));
            assertThat(line).contains("method=" + method + ", rip=203.0.113.7");
            assertThat(bannedHost(line)).as(method).contains("203.0.113.7");
        }
    }

    @Test
    void aClientThatNamedNoMailboxIsBannedToo() {
        String line = LoginFailureLog.line(Optional.empty(), "OAUTHBEARER", new InetSocketAddress("203.0.113.8", 1),
                Optional.empty());
        assertThat(line).isEqualTo("pop3-login: Disconnected (auth failed, 1 attempts): user=<>, method=OAUTHBEARER,"
                + " rip=203.0.113.8");
        assertThat(bannedHost(line)).contains("203.0.113.8");
    }

    @Test
    void aMethodThatIsNotOneTokenCannotBreakTheLine() {
        String line = LoginFailureLog.line(Optional.of(ALICE), "X>, rip=1.2.3.4", new InetSocketAddress("203.0.113.9", 1),
                Optional.empty());
        assertThat(line).contains("method=UNKNOWN, rip=203.0.113.9");
    }

    @Test
    void realFail2banMatchesEveryMechanismWhenInstalled(@TempDir Path dir) throws Exception {
        Path filter = Path.of("/etc/fail2ban/filter.d/dovecot.conf");
        assumeTrue(Files.isRegularFile(filter) && Executables.onPath("fail2ban-regex").isPresent(), "fail2ban is not installed");
        StringBuilder lines = new StringBuilder();
        for (String method : METHODS) {
            lines.append(formatWithDefaultPattern(LoginFailureLog.line(Optional.of(ALICE), method,
                    new InetSocketAddress("198.51.100.23", 2), Optional.of("s-9"))));
        }
        lines.append(formatWithDefaultPattern(LoginFailureLog.line(Optional.empty(), "XOAUTH2",
                new InetSocketAddress("2001:db8::23", 2), Optional.empty())));
        lines.append(formatWithDefaultPattern(LoginFailureLog.line(Optional.of(ALICE),
                Optional.of(MailboxAddress.parse("bob@example.com")), "OAUTHBEARER",
                new InetSocketAddress("0:0:0:0:0:0:0:1", 2), Optional.of("s-10"))));
        Path log = dir.resolve("postboxd.log");
        Files.writeString(log, lines, StandardCharsets.UTF_8);

        Process process = new ProcessBuilder("fail2ban-regex", log.toString(), filter.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        int expected = METHODS.size() + 2;
        assertThat(output).contains("Lines: " + expected + " lines, 0 ignored, " + expected + " matched, 0 missed");
    }

    @Test
    void theFilterIsNotFooledByAnUnrelatedLine() {
        // Guards the transcription above: a regex that matches everything would prove nothing.
        assertThat(bannedHost("pop3-login: Login: user=<alice@example.com>, method=PLAIN, rip=203.0.113.7")).isEmpty();
        assertThat(bannedHost("INFO  session s-1 ended: user=alice@example.com")).isEmpty();
    }

    @Test
    void sessionIdsThatWouldBreakTheFilterAreLeftOut() {
        String line = LoginFailureLog.line(ALICE, new InetSocketAddress("203.0.113.7", 1), Optional.of("a b>"));

        assertThat(line).endsWith("rip=203.0.113.7");
    }

    @Test
    void lineAsWrittenByTheDefaultLogbackPatternMatches() {
        String written = formatWithDefaultPattern(LoginFailureLog.line(ALICE,
                new InetSocketAddress("198.51.100.23", 2), Optional.of("s-9")));

        // fail2ban finds and removes the time stamp before it applies the filter.
        String withoutDate = written.replaceFirst("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}", "");
        assertThat(withoutDate).startsWith(" WARN  pop3-login: ");
        assertThat(bannedHost(withoutDate.strip())).contains("198.51.100.23");
    }

    /** With fail2ban installed, its own fail2ban-regex must agree. */
    @Test
    void realFail2banAgreesWhenInstalled(@TempDir Path dir) throws Exception {
        Path filter = Path.of("/etc/fail2ban/filter.d/dovecot.conf");
        assumeTrue(Files.isRegularFile(filter) && Executables.onPath("fail2ban-regex").isPresent(), "fail2ban is not installed");
        Path log = dir.resolve("postboxd.log");
        Files.writeString(log, formatWithDefaultPattern(LoginFailureLog.line(ALICE,
                new InetSocketAddress("198.51.100.23", 2), Optional.of("s-9"))), StandardCharsets.UTF_8);

        Process process = new ProcessBuilder("fail2ban-regex", "--print-all-matched", log.toString(), filter.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(output).containsPattern("Lines: 1 lines, 0 ignored, 1 matched, 0 missed");
        assertThat(output).contains("198.51.100.23");
    }

    private static String formatWithDefaultPattern(String message) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern(defaultLoginFailurePattern());
        layout.start();
        LoggingEvent event = new LoggingEvent(LoginFailureLog.class.getName(),
                context.getLogger(LoginFailureLog.class), ch.qos.logback.classic.Level.WARN, message, null, null);
        return layout.doLayout(event);
    }

    /** The pattern of the LOGIN_FAILURES appender in the shipped logback.xml. */
    private static String defaultLoginFailurePattern() {
        try (var in = LoginFailureLogTest.class.getResourceAsStream("/logback.xml")) {
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("name=\"LOGIN_FAILURES\".*?<pattern>(.*?)</pattern>", Pattern.DOTALL).matcher(xml);
            assertThat(m.find()).as("LOGIN_FAILURES appender in logback.xml").isTrue();
            return m.group(1);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
