package org.postbox.pop3.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ClientKeyTest {

    @Test
    void ipv4CountsPerAddressAndIpv6PerSlash64() throws Exception {
        assertThat(ClientKey.of(InetAddress.getByName("203.0.113.7"))).hasToString("203.0.113.7");
        assertThat(ClientKey.of(InetAddress.getByName("::ffff:203.0.113.7"))).hasToString("203.0.113.7");
        assertThat(ClientKey.of(InetAddress.getByName("2001:db8:0:1::7"))).hasToString("2001:db8:0:1::/64")
                .isEqualTo(ClientKey.of(InetAddress.getByName("2001:db8:0:1:ffff:1:2:3")))
                .isNotEqualTo(ClientKey.of(InetAddress.getByName("2001:db8:0:2::7")));
    }
}
