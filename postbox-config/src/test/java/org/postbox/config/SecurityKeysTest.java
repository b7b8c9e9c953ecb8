package org.postbox.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The keys of SASL, penalties, OAuth, per-client limits and the PROXY protocol. */
class SecurityKeysTest {

    @Test
    void defaultsAreSafe() {
        PostboxConfig c = PostboxConfig.defaults();
        assertThat(c.auth().mechanisms()).containsExactly("PLAIN", "LOGIN");
        assertThat(c.auth().apop()).isFalse();
        assertThat(c.auth().penaltyInitial()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.auth().penaltyMax()).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.auth().oauth()).isEmpty();
        assertThat(c.limits().maxConnectionsPerIp()).isEqualTo(50);
        assertThat(c.limits().maxConnectionsPerMailboxIp()).isEqualTo(10);
        assertThat(c.limits().maxAuthAttempts()).isEqualTo(3);
        assertThat(c.limits().loginDelay()).isZero();
        assertThat(c.limits().maxSaslLineLength()).isEqualTo(16_384);
        assertThat(c.listeners().get(0).proxyProtocol().enabled()).isFalse();
    }

    @Test
    void readsEveryKey() throws Exception {
        PostboxConfig c = PostboxConfig.parse("""
                listeners:
                  - name: behind-haproxy
                    proxy-protocol: true
                    proxy-protocol-trusted: [10.0.0.5, 2001:db8::/64]
                    proxy-protocol-timeout: 3s
                limits:
                  max-connections-per-ip: 20
                  max-connections-per-mailbox-ip: 4
                  max-auth-attempts: 5
                  login-delay: 5m
                  max-sasl-line-length: 8192
                auth:
                  mechanisms: [plain, SCRAM-SHA-256, CRAM-MD5, OAUTHBEARER, XOAUTH2]
                  apop: true
                  penalty-initial: 1s
                  penalty-max: 30s
                  oauth:
                    jwks-url: https://login.example.com/keys
                    issuer: https://login.example.com
                    audience: postbox
                    user-claim: upn
                    algorithms: [RS256, PS256]
                    clock-skew: 5s
                """, "test.yaml");
        ProxyProtocolConfig proxy = c.listeners().get(0).proxyProtocol();
        assertThat(proxy.enabled()).isTrue();
        assertThat(proxy.trusted().test(InetAddress.getByName("10.0.0.5"))).isTrue();
        assertThat(proxy.trusted().test(InetAddress.getByName("10.0.0.6"))).isFalse();
        assertThat(proxy.headerTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.limits().maxConnectionsPerIp()).isEqualTo(20);
        assertThat(c.limits().maxConnectionsPerMailboxIp()).isEqualTo(4);
        assertThat(c.limits().maxAuthAttempts()).isEqualTo(5);
        assertThat(c.limits().loginDelay()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.limits().maxSaslLineLength()).isEqualTo(8192);
        assertThat(c.auth().mechanisms()).containsExactly("PLAIN", "SCRAM-SHA-256", "CRAM-MD5", "OAUTHBEARER", "XOAUTH2");
        assertThat(c.auth().apop()).isTrue();
        assertThat(c.auth().oauth()).contains(new OAuthConfig(Optional.empty(),
                Optional.of(URI.create("https://login.example.com/keys")), "https://login.example.com", "postbox", "upn",
                List.of("RS256", "PS256"), Duration.ofSeconds(5)));
    }

    @Test
    void aJwksFileIsRelativeToTheInstallation() {
        PostboxConfig c = PostboxConfig.parse("""
                auth:
                  mechanisms: [OAUTHBEARER]
                  oauth: {jwks-file: conf/jwks.json, issuer: i, audience: a}
                """, "test.yaml");
        assertThat(c.auth().oauth().orElseThrow().jwksFile()).contains(PostboxConfig.baseDir().resolve("conf/jwks.json"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "auth: {mechanisms: [GSSAPI]}                    | auth.mechanisms[0]: 'GSSAPI' is not a mechanism Postbox offers",
        "auth: {mechanisms: [PLAIN, plain]}              | auth.mechanisms[1]: PLAIN is listed twice",
        "auth: {mechanisms: [XOAUTH2]}                   | auth.oauth: missing; OAUTHBEARER and XOAUTH2 need",
        "auth: {oauth: {issuer: i, audience: a}}         | auth.oauth.jwks-file: give exactly one of jwks-file and jwks-url",
        "auth: {oauth: {jwks-file: a, jwks-url: 'https://x/y', issuer: i, audience: a}} | auth.oauth.jwks-file: give exactly one",
        "auth: {oauth: {jwks-file: k.json, audience: a}} | auth.oauth.issuer: missing",
        "auth: {oauth: {jwks-file: k.json, issuer: i}}   | auth.oauth.audience: missing",
        "auth: {oauth: {jwks-url: 'ftp://x/k', issuer: i, audience: a}} | auth.oauth.jwks-url: 'ftp://x/k' is not an http(s) URL",
        "auth: {oauth: {jwks-file: k, issuer: i, audience: a, algorithms: [HS256]}} | auth.oauth.algorithms[0]: 'HS256' is not allowed",
        "auth: {oauth: {jwks-file: k, issuer: i, audience: a, algorithms: [none]}}  | auth.oauth.algorithms[0]: 'none' is not allowed",
        "auth: {oauth: {jwks-file: k, issuer: i, audience: a, colour: red}}         | auth.oauth.colour: unknown key",
        "auth: {penalty-initial: 5s, penalty-max: 2s}    | auth.penalty-max: 2s is below penalty-initial (5s)",
        "auth: {penalty-max: 11m}                        | auth.penalty-max: 11m is out of range",
        "limits: {max-auth-attempts: 0}                  | limits.max-auth-attempts: 0 is out of range",
        "limits: {max-sasl-line-length: 100}             | limits.max-sasl-line-length: 100 is out of range",
        "limits: {login-delay: -1s}                      | limits.login-delay: '-1s' is not a duration",
        "listeners: [{proxy-protocol: true}]             | listeners[0].proxy-protocol-trusted: missing",
        "listeners: [{proxy-protocol: yes please}]       | listeners[0].proxy-protocol: 'yes please' is not a boolean",
        "listeners: [{proxy-protocol-trusted: [10.0.0.1]}] | listeners[0].proxy-protocol-trusted: has no effect",
        "listeners: [{proxy-protocol: true, proxy-protocol-trusted: [proxy.local]}] | listeners[0].proxy-protocol-trusted[0]: 'proxy.local' is not an IP address",
        "listeners: [{proxy-protocol: true, proxy-protocol-trusted: [any], proxy-protocol-timeout: 2m}] | listeners[0].proxy-protocol-timeout: 2m is out of range",
    })
    void badValuesNameTheKeyAndTheFix(String yaml, String expected) {
        assertThatThrownBy(() -> PostboxConfig.parse(yaml, "test.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(expected);
    }
}
