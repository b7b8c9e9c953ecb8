package org.postbox.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdminKeysTest {

    @Test
    void noSectionNoAdminListener() {
        assertThat(PostboxConfig.parse("logging:\n  level: info\n", "f").admin()).isEmpty();
        assertThat(PostboxConfig.parse("admin:\n", "f").admin()).isEmpty();
    }

    @Test
    void anEmptySectionListensOnLoopbackPort9111() {
        AdminConfig admin = PostboxConfig.parse("admin: {}\n", "f").admin().orElseThrow();
        assertThat(admin.address()).isEqualTo("127.0.0.1");
        assertThat(admin.port()).isEqualTo(9111);
        assertThat(admin.tls()).isEmpty();
        assertThat(admin.url()).isEqualTo("http://127.0.0.1:9111");
    }

    @Test
    void readsIpv6AndPort() {
        AdminConfig admin = PostboxConfig.parse("admin:\n  listen: \"[::1]:9200\"\n", "f").admin().orElseThrow();
        assertThat(admin.address()).isEqualTo("::1");
        assertThat(admin.port()).isEqualTo(9200);
        assertThat(admin.url()).isEqualTo("http://[::1]:9200");
    }

    @Test
    void tlsTakesTheCertificateKeysOfTheTlsSection() {
        AdminConfig admin = PostboxConfig.parse("admin:\n  listen: 127.0.0.1:0\n  tls:\n    certificates:\n"
                + "      - cert: /etc/a.pem\n        key: /etc/a.key\n", "f").admin().orElseThrow();
        assertThat(admin.tls()).isPresent();
        assertThat(admin.tls().get().certificates().get(0).certificate()).isEqualTo(Path.of("/etc/a.pem"));
        assertThat(admin.url()).startsWith("https://");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "listen: localhost:9111|admin.listen: 'localhost' is not an IP address",
            "listen: 127.0.0.1|admin.listen: '127.0.0.1' has no port",
            "listen: 127.0.0.1:http|admin.listen: 'http' is not a port",
            "listen: 127.0.0.1:70000|admin.listen: 70000 is out of range",
            "listen: ::1:9111|admin.listen: '::1:9111': put an IPv6 address in brackets",
            "listne: 127.0.0.1:9111|admin.listne",
            "tls: {}|admin.tls.certificates: missing",
            "listen: 127.0.0.1:9110|admin.listen: 127.0.0.1:9110 is also the metrics endpoint",
            "listen: 127.0.0.1:1110|admin.listen: 127.0.0.1:1110 is also listeners[0]",
    })
    void errorsNameTheKey(String line, String expected) {
        assertThatThrownBy(() -> PostboxConfig.parse("admin:\n  " + line + "\n", "f"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(expected);
    }
}
