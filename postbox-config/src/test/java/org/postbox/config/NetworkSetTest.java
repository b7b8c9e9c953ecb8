package org.postbox.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetworkSetTest {

    @ParameterizedTest
    @CsvSource({
        "127.0.0.0/8,       127.1.2.3,        true",
        "127.0.0.0/8,       128.0.0.1,        false",
        "10.1.2.3,          10.1.2.3,         true",
        "10.1.2.3,          10.1.2.4,         false",
        "192.168.0.0/23,    192.168.1.200,    true",
        "192.168.0.0/23,    192.168.2.1,      false",
        "::1/128,           ::1,              true",
        "2001:db8::/32,     2001:db8:ffff::1, true",
        "2001:db8::/32,     2001:db9::1,      false",
        "127.0.0.0/8,       ::ffff:127.0.0.1, true",
        "any,               203.0.113.9,      true",
        "any,               2001:db8::1,      true",
        "0.0.0.0/0,         2001:db8::1,      false",
    })
    void matchesAddresses(String network, String address, boolean expected) throws Exception {
        assertThat(NetworkSet.parse("k", List.of(network)).test(InetAddress.getByName(address))).isEqualTo(expected);
    }
}
